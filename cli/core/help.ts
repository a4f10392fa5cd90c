import type { CommandDescriptor } from '../commands/command';
import { CLI_ENV } from './cli-env';
import { ENV } from '../../shared/config/env-names';

const GLOBAL_HELP = [
  '-o, --output <text|json>   output for people (default) or for scripts',
  "--local                    use `npm start`'s emulators (read from .local-data/local-endpoints.json)",
  '--local-file <path>        another local-endpoints file (implies --local)',
  `--stage <name>             deployed stage: outputs of stack imgfront-<name> fill in the three below (${CLI_ENV.stage})`,
  `--table <name>             registry table, stack output RegistryTableName (${ENV.registryTable})`,
  `--queue-url <url>          purge queue, stack output PurgeQueueUrl (${ENV.purgeQueueUrl})`,
  `--domain <host|url>        CDN base URL, stack output ImageBaseUrl (${CLI_ENV.domain})`,
  '--region <region>          AWS region (default: the SDK chain, e.g. AWS_REGION)',
  '--profile <name>           AWS profile from ~/.aws/config',
];

const EXIT_HELP = [
  '0  done',
  '1  the command ran and failed',
  '2  usage error (bad command line, or --yes needed)',
];

const section = (title: string, lines: readonly string[]) =>
  lines.length ? `\n${title}:\n${lines.map((line) => `  ${line}`).join('\n')}\n` : '';

/** `imgfront --help`. */
export function generalHelp(commands: readonly CommandDescriptor[]): string {
  const width = Math.max(...commands.map((command) => command.words.join(' ').length));
  const list = commands.map((command) => `${command.words.join(' ').padEnd(width)}  ${command.summary}`);
  return (
    'Usage: imgfront <command> [options]\n' +
    section('Commands', list) +
    section('Global options', GLOBAL_HELP) +
    section('Exit codes', EXIT_HELP) +
    "\nRun `imgfront <command> --help` for a command's options.\n"
  );
}

/** `imgfront <command> --help`. */
export function commandHelp(command: CommandDescriptor): string {
  return (
    `Usage: imgfront ${command.usage}\n\n${command.summary}\n` +
    section('Options', command.options) +
    section('Global options', GLOBAL_HELP)
  );
}
