import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { objectKeyFor } from '../../../shared/origins/s3/s3-origin';
import type { Endpoint, S3Origin } from '../../../shared/registry/endpoint-schema';
import { fail, pass, pollUntil, skip } from './check';
import { fetchImage } from './fetch-image';
import { endpointUrl } from '../../core/endpoint-url';

export interface PurgeCheckOptions {
  baseUrl: string;
  endpoint: Endpoint | undefined;
  signingKey: string | undefined;
  s3: (origin: S3Origin) => S3Client;
  timeoutMs: number;
  intervalMs: number;
}

type Colour = 'red' | 'blue';

const png = (colour: Colour) =>
  sharp({
    create: { width: 8, height: 8, channels: 3, background: colour === 'red' ? '#ff0000' : '#0000ff' },
  })
    .png()
    .toBuffer();

async function colourOf(bytes: Buffer): Promise<Colour | undefined> {
  const stats = await sharp(bytes)
    .stats()
    .catch(() => undefined);
  const [red, , blue] = stats?.channels ?? [];
  if (red === undefined || blue === undefined) return undefined;
  return red.mean > blue.mean ? 'red' : 'blue';
}

/** The endpoint the purge check writes to: the first whose first S3 origin purges on change. */
export function purgeCheckEndpoint(endpoints: readonly Endpoint[]): Endpoint | undefined {
  return endpoints.find(
    (endpoint) => endpoint.settings.purgeOnChange && endpoint.origins.some((origin) => origin.type === 's3'),
  );
}

/**
 * An overwrite is purged: a red test image is served and cached, overwritten in the bucket with a
 * blue one, and the same URL must turn blue before the timeout (S3 event -> version writer -> purge
 * queue -> invalidation). The test object is deleted afterwards, whatever happened.
 */
export async function checkOverwritePurged(options: PurgeCheckOptions) {
  const { endpoint } = options;
  const origin = endpoint?.origins.find((candidate): candidate is S3Origin => candidate.type === 's3');
  if (endpoint === undefined || origin === undefined) {
    return skip('no endpoint with an S3 origin and settings.purgeOnChange to write a test image to');
  }
  const path = `imgfront-doctor/${Date.now()}.png`;
  const built = endpointUrl(options.baseUrl, endpoint, path, { signingKey: options.signingKey });
  if ('unsupported' in built) return skip(`endpoint "${endpoint.id}": ${built.unsupported}`);
  const client = options.s3(origin);
  const key = objectKeyFor(origin, { segments: path.split('/') });
  const put = async (colour: Colour) =>
    client.send(
      new PutObjectCommand({
        Bucket: origin.bucket,
        Key: key,
        Body: await png(colour),
        ContentType: 'image/png',
      }),
    );
  const poll = { timeoutMs: options.timeoutMs, intervalMs: options.intervalMs };
  const servedAs = async (colour: Colour, cached: boolean) => {
    const answer = await fetchImage(built.url);
    const served = answer.status === 200 ? await colourOf(answer.bytes) : undefined;
    const cacheHeld = !cached || answer.cache === undefined || answer.cache.startsWith('Hit');
    return served === colour && cacheHeld ? answer : undefined;
  };
  try {
    await put('red');
    if (!(await pollUntil(() => servedAs('red', false), poll))) {
      return fail(`${built.url} never served the test image written to s3://${origin.bucket}/${key}`);
    }
    // Only a cached copy proves the purge: the next answer must come from the cache.
    await pollUntil(() => servedAs('red', true), poll);
    const overwritten = Date.now();
    await put('blue');
    if (!(await pollUntil(() => servedAs('blue', false), poll))) {
      return fail(
        `${built.url} still served the old image ${Math.round(poll.timeoutMs / 1000)} s after ` +
          `s3://${origin.bucket}/${key} was overwritten: check the bucket's EventBridge notifications, ` +
          'the version writer and the purge queue',
      );
    }
    return pass(
      `${built.url} served the overwrite after ${((Date.now() - overwritten) / 1000).toFixed(1)} s`,
    );
  } finally {
    await client.send(new DeleteObjectCommand({ Bucket: origin.bucket, Key: key })).catch(() => undefined);
  }
}
