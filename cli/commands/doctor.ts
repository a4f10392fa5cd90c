import { createOriginFactory } from '../../shared/origins/origin-factory';
import { configureSharp } from '../../shared/transform/sharp-setup';
import { GLOBAL_OPTIONS, parseCommandLine, type GlobalValues } from '../core/args';
import type { CommandIo, CommandResult } from '../core/command-io';
import { EXIT } from '../core/exit-codes';
import { formatBytes } from '../core/format-bytes';
import { operatorS3Client } from '../core/operator-s3-client';
import { parseDurationSeconds } from '../core/duration';
import { readStackSettings } from '../core/stack-outputs';
import { resolveTarget, type Target } from '../core/target';
import { endpointIdArgument, findEndpoint } from '../endpoints/find-endpoint';
import { probeOrigin, type OriginReport } from '../doctor/probe-origin';
import { chooseSample, type Sample } from '../doctor/sample-path';
import { explainFallthrough, verdictOf } from '../doctor/verdict';
import type { CheckResult } from '../doctor/stack/check';
import { runStackDoctor } from '../doctor/stack/stack-doctor';

const OPTIONS = {
  ...GLOBAL_OPTIONS,
  timeout: { type: 'string' },
  'function-url': { type: 'string' },
} as const;

/** How long the purge and metrics checks wait: CloudFront invalidations take minutes, the local stub none. */
const DEFAULT_TIMEOUT = { aws: '15m', local: '30s' } as const;

const SAMPLE_REASONS: Record<Sample['kind'], string> = {
  given: 'the path given',
  defaultImage: "the endpoint's defaultImage",
  listed: 'the first object of the first S3 origin',
  probe: 'a probe path, since no sample was found',
};

function describeReport(report: OriginReport): string {
  const outcome = report.errorCode ?? 'OK';
  const head = `${report.position}. ${report.origin}  ${outcome}  ${report.status}  ${report.latencyMs} ms`;
  const lines = [head];
  if (!report.reachable) lines.push('     unreachable');
  if (report.bytes !== undefined) {
    lines.push(
      `     ${formatBytes(report.bytes)}, Content-Type ${report.claimedContentType ?? '(none)'}, bytes are ${report.sniffedType ?? 'not a readable image'}`,
    );
  }
  if (report.redirectedTo) lines.push(`     redirected to ${report.redirectedTo}`);
  if (report.detail) lines.push(`     detail: ${report.detail}`);
  if (report.fix) lines.push(`     likely fix: ${report.fix}`);
  lines.push(...report.notes.map((note) => `     note: ${note}`));
  return lines.join('\n');
}

const OUTCOME_LABEL: Record<CheckResult['outcome'], string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' };

/** The function URL: `--function-url`, else the stage stack's `TransformFunctionUrl` output. */
async function functionUrlOf(
  target: Target,
  values: GlobalValues & { 'function-url'?: string },
  io: CommandIo,
) {
  if (values['function-url'] !== undefined || target.mode === 'local') return values['function-url'];
  const stage = values.stage ?? io.env.stage;
  return stage === undefined
    ? undefined
    : (await readStackSettings(stage, target.clientDefaults)).transformFunctionUrl;
}

/** `doctor --stage <name>`: the post-deploy check of the whole stack. */
async function runStack(values: GlobalValues & { timeout?: string; 'function-url'?: string }, io: CommandIo) {
  const target = await resolveTarget(values, io.env);
  const timeout = parseDurationSeconds(values.timeout ?? DEFAULT_TIMEOUT[target.mode], '--timeout');
  const checks = await runStackDoctor(target, {
    functionUrl: await functionUrlOf(target, values, io),
    timeoutMs: timeout * 1000,
    progress: (line) => io.progress(line),
  });
  const healthy = checks.every((check) => check.outcome !== 'fail');
  const lines = checks.map(
    (check) => `${OUTCOME_LABEL[check.outcome]}  ${check.name}  (${check.ms} ms)\n      ${check.detail}`,
  );
  const summary = healthy ? 'The stack is healthy.' : 'The stack has failing checks (FAIL above).';
  return {
    data: { checks, healthy },
    text: `${lines.join('\n')}\n${summary}`,
    exitCode: healthy ? EXIT.ok : EXIT.failure,
  };
}

/**
 * `doctor <endpoint> [path]`: fetch a sample from every origin and say what is wrong and how to fix
 * it; without an endpoint, the post-deploy check of the whole stack.
 */
export async function run(argv: readonly string[], io: CommandIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS, {
    min: 0,
    max: 2,
    names: '[<endpoint> [path]]',
  });
  if (positionals.length === 0) return runStack(values, io);
  const [rawId = '', given] = positionals;
  const id = endpointIdArgument(rawId);
  const target = await resolveTarget(values, io.env);
  const endpoint = await findEndpoint(target, id);

  configureSharp();
  const sample = await chooseSample(endpoint, given, (origin) => operatorS3Client(target, origin));
  const sources = createOriginFactory(target.config, target.secrets, target.clientDefaults)(endpoint);
  const probed: OriginReport[] = [];
  for (const [index, source] of sources.entries()) {
    const origin = endpoint.origins[index];
    if (origin === undefined) continue;
    io.progress(`Fetching from origin ${index + 1} of ${sources.length}: ${source.description}`);
    probed.push(await probeOrigin(source, origin, index + 1, sample.path, target.config.limits));
  }
  const verdict = verdictOf(sample, probed);
  const reports = explainFallthrough(probed, verdict);
  const samplePath = sample.path.segments.join('/');
  const credentialsNote =
    target.mode === 'aws'
      ? '\n(S3 reads used your credentials, not the service role: an EACCES may differ for the service.)'
      : '';
  const text =
    `Endpoint "${id}", sample ${samplePath} (${SAMPLE_REASONS[sample.kind]})\n` +
    `${reports.map(describeReport).join('\n')}\n${verdict.summary}${credentialsNote}`;
  return {
    data: { endpoint: id, sample: { path: samplePath, kind: sample.kind }, origins: reports, verdict },
    text,
    exitCode: verdict.healthy ? EXIT.ok : EXIT.failure,
  };
}
