import { GLOBAL_OPTIONS, parseCommandLine } from '../core/args';
import type { CommandIo, CommandResult } from '../core/command-io';
import { parseDurationSeconds } from '../core/duration';
import { readStackSettings } from '../core/stack-outputs';
import { resolveTarget } from '../core/target';
import { endpointIdArgument } from '../endpoints/find-endpoint';
import { DEFAULT_LOCAL_ENDPOINTS_FILE, readLocalEndpoints } from '../local/local-endpoints';
import { cloudWatchStats } from '../stats/cloudwatch-stats';
import { localStats } from '../stats/local-stats-client';
import { statsText } from '../stats/stats-text';

const OPTIONS = { ...GLOBAL_OPTIONS, since: { type: 'string' } } as const;

/** `stats [endpoint] [--since 24h]`: requests, errors by code, p99 latency, bytes and hit ratio. */
export async function run(argv: readonly string[], io: CommandIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS, { min: 0, max: 1, names: '[endpoint]' });
  const endpoint = positionals[0] === undefined ? undefined : endpointIdArgument(positionals[0]);
  const seconds = parseDurationSeconds(values.since ?? '24h', '--since');
  const target = await resolveTarget(values, io.env);
  if (target.mode === 'local') {
    const local = readLocalEndpoints(
      values['local-file'] ?? io.env.localFile ?? DEFAULT_LOCAL_ENDPOINTS_FILE,
    );
    const summary = await localStats({ statsUrl: local.statsUrl, endpoint, seconds });
    return { data: summary, text: statsText(summary, 'local stack counters') };
  }
  const stage = values.stage ?? io.env.stage;
  const distributionId =
    stage === undefined ? undefined : (await readStackSettings(stage, target.clientDefaults)).distributionId;
  if (distributionId === undefined)
    io.note('No --stage (or its DistributionId output): the hit ratio is left out.');
  const summary = await cloudWatchStats({
    clientDefaults: target.clientDefaults,
    endpoint,
    seconds,
    distributionId,
  });
  return { data: summary, text: statsText(summary, 'CloudWatch') };
}
