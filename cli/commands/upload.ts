import { stat } from 'node:fs/promises';
import { GLOBAL_OPTIONS, parseCommandLine, integerFlag } from '../core/args';
import type { CommandIo, CommandResult } from '../core/command-io';
import { EXIT } from '../core/exit-codes';
import { formatBytes } from '../core/format-bytes';
import { resolveTarget } from '../core/target';
import { imagePathFromText } from '../core/typed-paths';
import { UsageError } from '../core/usage-error';
import { endpointIdArgument, findEndpoint } from '../endpoints/find-endpoint';
import { mapWithConcurrency } from '../upload/run-pool';
import { createUploader, type UploadOutcome } from '../upload/upload-file';
import { operatorS3Client } from '../core/operator-s3-client';
import { uploadKey, uploadOrigin } from '../upload/upload-target';
import { walkFiles } from '../upload/walk-files';

const OPTIONS = {
  ...GLOBAL_OPTIONS,
  endpoint: { type: 'string' },
  prefix: { type: 'string' },
  concurrency: { type: 'string' },
  retries: { type: 'string' },
} as const;

/** Files above this size go up in one PUT anyway; the summary says so (multipart needs lib-storage). */
const LARGE_FILE_BYTES = 100 * 1024 * 1024;

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

async function requireFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`"${dir}" is not a folder`);
}

function summarize(destination: string, results: readonly UploadOutcome[]) {
  const count = (outcome: UploadOutcome['outcome']) => results.filter((result) => result.outcome === outcome);
  const uploaded = count('uploaded');
  const failures = count('failed').map(({ file, error }) => ({ file, error: error ?? 'failed' }));
  const large = uploaded.filter((result) => result.bytes > LARGE_FILE_BYTES).length;
  return {
    destination,
    files: results.length,
    uploaded: uploaded.length,
    bytes: uploaded.reduce((total, result) => total + result.bytes, 0),
    skipped: count('skipped').length,
    failed: failures.length,
    failures,
    notes: large
      ? [`${large} files over 100 MiB went up as single PUTs (multipart needs @aws-sdk/lib-storage)`]
      : [],
  };
}

/** `upload <dir> --endpoint <id>`: parallel, resumable (unchanged files are skipped), never silent. */
export async function run(argv: readonly string[], io: CommandIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS, { min: 1, max: 1, names: '<dir>' });
  const [dir = ''] = positionals;
  if (values.endpoint === undefined) throw new UsageError('--endpoint <id> is required');
  const endpointId = endpointIdArgument(values.endpoint);
  const prefix = values.prefix
    ? imagePathFromText(values.prefix.replace(/\/+$/, ''), '--prefix').segments
    : [];
  const concurrency = integerFlag(values.concurrency, '--concurrency', { fallback: 8, min: 1, max: 64 });
  const retries = integerFlag(values.retries, '--retries', { fallback: 2, min: 0, max: 10 });
  await requireFolder(dir);

  const target = await resolveTarget(values, io.env);
  const origin = uploadOrigin(await findEndpoint(target, endpointId));
  const upload = createUploader({ client: operatorS3Client(target, origin), bucket: origin.bucket, retries });

  const { files, unreadable } = await walkFiles(dir);
  const done = { files: 0, bytes: 0, skipped: 0, failed: 0 };
  const show = () =>
    io.progress(
      `Uploading ${done.files}/${files.length} files, ${formatBytes(done.bytes)} · ${done.skipped} unchanged · ${done.failed} failed`,
    );
  const results = await mapWithConcurrency(files, concurrency, async (file) => {
    const result = await upload(file, uploadKey(origin, prefix, file.relativePath));
    done.files += 1;
    if (result.outcome === 'uploaded') done.bytes += result.bytes;
    if (result.outcome === 'skipped') done.skipped += 1;
    if (result.outcome === 'failed') done.failed += 1;
    show();
    return result;
  });
  const unreadableResults: UploadOutcome[] = unreadable.map((entry) => ({
    file: entry.relativePath,
    key: uploadKey(origin, prefix, entry.relativePath),
    outcome: 'failed',
    bytes: 0,
    attempts: 0,
    error: `cannot read ${entry.relativePath} (${entry.error})`,
  }));
  const destination = `s3://${origin.bucket}/${uploadKey(origin, prefix, '')}`;
  const summary = summarize(destination, [...results, ...unreadableResults]);

  const lines = [
    `${plural(summary.files, 'file')}: ${summary.uploaded} uploaded (${formatBytes(summary.bytes)}) to ${destination}, ` +
      `${summary.skipped} unchanged and skipped, ${summary.failed} failed`,
    ...summary.failures.map((failure) => `  FAILED ${failure.file}: ${failure.error}`),
    ...summary.notes.map((note) => `  note: ${note}`),
  ];
  return { data: summary, text: lines.join('\n'), exitCode: summary.failed > 0 ? EXIT.failure : EXIT.ok };
}
