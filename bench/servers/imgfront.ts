import { runCli } from '../../cli/main';

/** `imgfront <args>` as a bundled program, the way a published package runs it (no ts-node). */
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
