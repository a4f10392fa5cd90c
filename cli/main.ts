import { parseArgs } from 'node:util';
import { toImageError } from '../shared/errors/image-error';
import { COMMANDS, findCommand } from './commands/index';
import { readCliEnv, type CliEnv } from './core/cli-env';
import { parseOutputFormat, processIo, type OutputFormat } from './core/command-io';
import { EXIT, type ExitCode } from './core/exit-codes';
import { commandHelp, generalHelp } from './core/help';
import { UsageError } from './core/usage-error';

/** Reads `--output`/`--help` before the command parses, so even a usage error answers in JSON. */
function prescan(argv: readonly string[]): { output: string | undefined; help: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    options: { output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
    strict: false,
    allowPositionals: true,
  });
  return {
    output: typeof values.output === 'string' ? values.output : undefined,
    help: values.help === true,
  };
}

function reportError(error: unknown, format: OutputFormat, usage: string | undefined): ExitCode {
  const failure = toImageError(error);
  const isUsage = failure instanceof UsageError;
  if (format === 'json') {
    const detail = failure.internal === undefined ? {} : { detail: failure.internal };
    process.stdout.write(
      `${JSON.stringify({ error: { code: isUsage ? 'USAGE' : failure.code, message: failure.message, ...detail } }, null, 2)}\n`,
    );
  } else {
    // Operators see the internal detail too: it names the bucket, URL or field at fault.
    const detail =
      failure.internal === undefined || isUsage ? '' : `\n  ${failure.code}: ${failure.internal}`;
    process.stderr.write(`imgfront: ${failure.message}${detail}\n`);
    if (isUsage && usage) process.stderr.write(`Usage: imgfront ${usage}\n`);
  }
  return isUsage ? EXIT.usage : EXIT.failure;
}

/** Runs one command line and answers with the exit code; never throws. */
export async function runCli(commandLine: readonly string[], env: CliEnv = readCliEnv()): Promise<ExitCode> {
  // `imgfront help [command]` too, since `npx imgfront --help` is read by npx itself.
  const argv = commandLine[0] === 'help' ? [...commandLine.slice(1), '--help'] : commandLine;
  const { output, help } = prescan(argv);
  let format: OutputFormat = 'text';
  const found = findCommand(argv);
  try {
    format = parseOutputFormat(output);
    if (found === undefined) {
      if (argv.length === 0 || (help && argv[0]?.startsWith('-'))) {
        process.stdout.write(generalHelp(COMMANDS));
        return argv.length === 0 ? EXIT.usage : EXIT.ok;
      }
      throw new UsageError(`unknown command "${argv.slice(0, 2).join(' ')}"; run imgfront --help`);
    }
    if (help) {
      process.stdout.write(commandHelp(found.command));
      return EXIT.ok;
    }
    const io = processIo(format, env);
    const module = await found.command.load();
    const result = await module.run(found.rest, io);
    io.endProgress();
    process.stdout.write(
      format === 'json' ? `${JSON.stringify(result.data, null, 2)}\n` : `${result.text}\n`,
    );
    return result.exitCode ?? EXIT.ok;
  } catch (error) {
    return reportError(error, format, found?.command.usage);
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
