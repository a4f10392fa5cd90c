#!/usr/bin/env node
/* global require, __dirname, process */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bin shim, run by node directly */
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
// The installed package (and a built checkout) runs the compiled CLI from `npm run build`; a fresh
// checkout without `dist/` runs the TypeScript sources through ts-node, transpile only.
const compiled = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(compiled)) {
  require('ts-node').register({ transpileOnly: true, project: join(__dirname, '..', 'tsconfig.json') });
}
require(existsSync(compiled) ? compiled : './main.ts')
  .runCli(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
