import { stat } from 'node:fs/promises';
import { GLOBAL_OPTIONS, parseCommandLine, integerFlag } from '../core/args';
import { parseByteSize } from '../core/byte-size';
import type { CommandIo, CommandResult } from '../core/command-io';
import { EXIT } from '../core/exit-codes';
import { formatBytes } from '../core/format-bytes';
import { resolveTarget } from '../core/target';
import { imagePathFromText } from '../core/typed-paths';
import { UsageError } from '../core/usage-error';
import { endpointIdArgument, findEndpoint } from '../endpoints/find-endpoint';
import { mapWithConcurrency } from '../upload/run-pool';
import { MIN_PART_BYTES } from '../upload/multipart-upload';
import { createUploader, DEFAULT_MULTIPART_THRESHOLD, type UploadOutcome } from '../upload/upload-file';
import { operatorS3Client } from '../core/operator-s3-client';
import { uploadKey, uploadOrigin } from '../upload/upload-target';
import { walkFiles } from '../upload/walk-files';

const OPTIONS = {
  ...GLOBAL_OPTIONS,
  endpoint: { type: 'string' },
  prefix: { type: 'string' },
  concurrency: { type: 'string' },
  retries: { type: 'string' },
  'multipart-threshold': { type: 'string' },
} as const;

/** The threshold's range: below 5 MiB there would be one part; above 5 GiB a single PUT cannot go. */
const THRESHOLD_BOUNDS = { min: MIN_PART_BYTES, max: 5 * 1024 ** 3 };
/** SDK attempts per part of a multipart upload (parts are buffers, so the SDK can resend them). */
const PART_ATTEMPTS = 3;

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

async function requireFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UsageError(`"${dir}" is not a folder`);
}

function summarize(destination: string, results: readonly UploadOutcome[]) {
  const count = (outcome: UploadOutcome['outcome']) => results.filter((result) => result.outcome === outcome);
  const uploaded = count('uploaded');
  const failures = count('failed').map(({ file, error }) => ({ file, error: error ?? 'failed' }));
  return {
    destination,
    files: results.length,
    uploaded: uploaded.length,
    bytes: uploaded.reduce((total, result) => total + result.bytes, 0),
    multipart: uploaded.filter((result) => result.multipart).length,
    skipped: count('skipped').length,
    failed: failures.length,
    failures,
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
  const multipartThreshold =
    values['multipart-threshold'] === undefined
      ? DEFAULT_MULTIPART_THRESHOLD
      : parseByteSize(values['multipart-threshold'], '--multipart-threshold', THRESHOLD_BOUNDS);
  await requireFolder(dir);

  const target = await resolveTarget(values, io.env);
  const origin = uploadOrigin(await findEndpoint(target, endpointId));
  const { files, unreadable } = await walkFiles(dir);
  const done = { files: 0, bytes: 0, skipped: 0, failed: 0 };
  /** Bytes sent so far of files still going up in parts, so the line moves during a large file. */
  const partlySent = new Map<string, number>();
  const show = () => {
    const bytes = [...partlySent.values()].reduce((total, sent) => total + sent, done.bytes);
    io.progress(
      `Uploading ${done.files}/${files.length} files, ${formatBytes(bytes)} · ${done.skipped} unchanged · ${done.failed} failed`,
    );
  };
  const upload = createUploader({
    client: operatorS3Client(target, origin),
    partClient: operatorS3Client(target, origin, PART_ATTEMPTS),
    bucket: origin.bucket,
    retries,
    multipartThreshold,
    onProgress(file, sent) {
      partlySent.set(file.relativePath, sent);
      show();
    },
  });

  const results = await mapWithConcurrency(files, concurrency, async (file) => {
    const result = await upload(file, uploadKey(origin, prefix, file.relativePath));
    partlySent.delete(file.relativePath);
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
    multipart: false,
    attempts: 0,
    error: `cannot read ${entry.relativePath} (${entry.error})`,
  }));
  const destination = `s3://${origin.bucket}/${uploadKey(origin, prefix, '')}`;
  const summary = summarize(destination, [...results, ...unreadableResults]);

  const lines = [
    `${plural(summary.files, 'file')}: ${summary.uploaded} uploaded (${formatBytes(summary.bytes)}` +
      `${summary.multipart ? `, ${summary.multipart} in parts` : ''}) to ${destination}, ` +
      `${summary.skipped} unchanged and skipped, ${summary.failed} failed`,
    ...summary.failures.map((failure) => `  FAILED ${failure.file}: ${failure.error}`),
  ];
  return { data: summary, text: lines.join('\n'), exitCode: summary.failed > 0 ? EXIT.failure : EXIT.ok };
}
