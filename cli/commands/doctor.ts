import { createOriginFactory } from '../../shared/origins/origin-factory';
import { configureSharp } from '../../shared/transform/sharp-setup';
import { GLOBAL_OPTIONS, parseCommandLine } from '../core/args';
import type { CommandIo, CommandResult } from '../core/command-io';
import { EXIT } from '../core/exit-codes';
import { formatBytes } from '../core/format-bytes';
import { operatorS3Client } from '../core/operator-s3-client';
import { resolveTarget } from '../core/target';
import { endpointIdArgument, findEndpoint } from '../endpoints/find-endpoint';
import { probeOrigin, type OriginReport } from '../doctor/probe-origin';
import { chooseSample, type Sample } from '../doctor/sample-path';
import { explainFallthrough, verdictOf } from '../doctor/verdict';

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

/** `doctor <endpoint> [path]`: fetch a sample from every origin and say what is wrong and how to fix it. */
export async function run(argv: readonly string[], io: CommandIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandLine(argv, GLOBAL_OPTIONS, {
    min: 1,
    max: 2,
    names: '<endpoint> [path]',
  });
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
