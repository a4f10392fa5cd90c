import { configureSharp } from '../../shared/transform/sharp-setup';
import { analysisText } from '../analyze/analysis-text';
import { analyzePage } from '../analyze/analyze-page';
import { GLOBAL_OPTIONS, parseCommandLine } from '../core/args';
import type { CommandIo, CommandResult } from '../core/command-io';
import { requireBaseUrl, resolveTarget } from '../core/target';
import { UsageError } from '../core/usage-error';
import { endpointIdArgument, findEndpoint } from '../endpoints/find-endpoint';

const OPTIONS = { ...GLOBAL_OPTIONS, endpoint: { type: 'string' } } as const;

function pageUrlArgument(text: string): string {
  try {
    const url = new URL(text);
    if (/^https?:$/.test(url.protocol)) return url.href;
  } catch {
    // Falls through to the usage error.
  }
  throw new UsageError(`expected an http(s) URL for <page-url> but received "${text}"`);
}

/** `analyze <page-url> [--endpoint <id>]`: the page's images, what imgfront would serve, the saving. */
export async function run(argv: readonly string[], io: CommandIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS, { min: 1, max: 1, names: '<page-url>' });
  const pageUrl = pageUrlArgument(positionals[0] ?? '');
  const target = await resolveTarget(values, io.env);
  const baseUrl = requireBaseUrl(target);
  const endpoint =
    values.endpoint === undefined
      ? undefined
      : await findEndpoint(target, endpointIdArgument(values.endpoint));
  configureSharp();
  const analysis = await analyzePage(pageUrl, { baseUrl, endpoint, progress: (line) => io.progress(line) });
  io.endProgress();
  return { data: analysis, text: analysisText(analysis) };
}
