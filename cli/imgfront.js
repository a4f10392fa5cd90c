#!/usr/bin/env node
/* global require, __dirname, process */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bin shim, run by node directly */
'use strict';
// The repository has no build step: run the TypeScript CLI through ts-node, transpile only.
const { join } = require('node:path');
require('ts-node').register({ transpileOnly: true, project: join(__dirname, '..', 'tsconfig.json') });
require('./main.ts')
  .runCli(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
