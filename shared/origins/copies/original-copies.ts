import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { isSdkNotFound } from '../../aws/sdk-errors';
import { readObjectBody } from '../read-capped';
import type { FetchContext, ImagePath, OriginSource, OriginalImage, Revalidation } from '../types';
import { copyKeyFor } from './copy-key';

export interface OriginalCopiesOptions {
  client: S3Client;
  bucket: string;
  /** @default Date.now */
  now?: () => number;
}

/** What the origin said about the bytes, kept as S3 user metadata (percent-encoded: headers are ASCII). */
const META = {
  etag: 'origin-etag',
  lastModified: 'origin-last-modified',
  cacheControl: 'origin-cache-control',
  source: 'origin-source',
  fetchedAt: 'fetched-at',
} as const;

/** The copy's description, without its bytes. */
interface CopyHead {
  etag: string | undefined;
  source: string;
  /** When the origin sent these bytes (epoch ms). */
  fetchedAt: number;
}

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

function headOf(metadata: Record<string, string> | undefined, key: string): CopyHead {
  const read = (name: string) => {
    const value = metadata?.[name];
    return value === undefined ? undefined : decodeURIComponent(value);
  };
  return {
    etag: read(META.etag),
    source: read(META.source) ?? key,
    fetchedAt: Number(read(META.fetchedAt) ?? 0),
  };
}

/**
 * Kept copies of web originals in imgfront's own bucket (endpoint setting `keepOriginalCopy`). `wrap`
 * puts the copy in front of one origin: a copy answers without asking the origin; on a miss the origin
 * answers as before and its original is written beside the render (`FetchContext.defer`). The copies
 * bucket is an optimisation, never a new way to fail: a failed read asks the origin, a failed write is
 * only reported (`FetchContext.onCopy`). Purges delete copies (`purge/delete-copies.ts`); a versioned
 * URL newer than the copy asks the origin again.
 */
export function createOriginalCopies(options: OriginalCopiesOptions) {
  const { client, bucket } = options;
  const now = options.now ?? Date.now;

  async function head(key: string, context: FetchContext): Promise<CopyHead | undefined> {
    try {
      const response = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), {
        abortSignal: context.signal,
      });
      return headOf(response.Metadata, key);
    } catch (error) {
      if (isSdkNotFound(error)) return undefined;
      throw error;
    }
  }

  async function read(
    key: string,
    context: FetchContext,
  ): Promise<{ copy: CopyHead; original: OriginalImage } | undefined> {
    try {
      const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
        abortSignal: context.signal,
      });
      // The same limit the origin's answer met (it may have been lowered since the copy was kept).
      const body = await readObjectBody(response, context.limits.maxSourceBytes);
      const copy = headOf(response.Metadata, key);
      const lastModified = response.Metadata?.[META.lastModified];
      const cacheControl = response.Metadata?.[META.cacheControl];
      const original: OriginalImage = {
        body,
        claimedContentType: response.ContentType,
        lastModified: lastModified === undefined ? undefined : new Date(decodeURIComponent(lastModified)),
        etag: copy.etag,
        cacheControl: cacheControl === undefined ? undefined : decodeURIComponent(cacheControl),
        source: copy.source,
      };
      return { copy, original };
    } catch (error) {
      if (isSdkNotFound(error)) return undefined;
      throw error;
    }
  }

  async function write(key: string, original: OriginalImage, signal: AbortSignal): Promise<void> {
    const metadata: Record<string, string> = {
      [META.source]: original.source,
      [META.fetchedAt]: String(now()),
    };
    if (original.etag !== undefined) metadata[META.etag] = original.etag;
    if (original.lastModified !== undefined)
      metadata[META.lastModified] = original.lastModified.toISOString();
    if (original.cacheControl !== undefined) metadata[META.cacheControl] = original.cacheControl;
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: original.body,
        ContentType: original.claimedContentType ?? 'application/octet-stream',
        Metadata: Object.fromEntries(
          Object.entries(metadata).map(([name, value]) => [name, encodeURIComponent(value)]),
        ),
      }),
      { abortSignal: signal },
    );
  }

  /** Wraps one web origin of one endpoint; `originId` names the origin's settings (their hash). */
  function wrap(source: OriginSource, endpointId: string, originId: string): OriginSource {
    const keyOf = (path: ImagePath) => copyKeyFor(endpointId, originId, path);
    // A versioned URL newer than the copy names bytes the copy may not hold.
    const fresh = (copy: CopyHead, context: FetchContext) =>
      context.fetchedAfterMs === undefined || copy.fetchedAt >= context.fetchedAfterMs;

    async function lookUp<T>(context: FetchContext, look: () => Promise<T | undefined>) {
      try {
        return await look();
      } catch (error) {
        context.onCopy?.('read-failed', describe(error));
        return undefined;
      }
    }

    function keep(key: string, original: OriginalImage, context: FetchContext): void {
      const work = write(key, original, context.signal).then(
        () => context.onCopy?.('stored'),
        (error: unknown) => context.onCopy?.('write-failed', describe(error)),
      );
      if (context.defer) context.defer(work);
    }

    const kept: OriginSource = {
      description: source.description,
      accepts: source.accepts?.bind(source),
      async fetch(path, context) {
        const key = keyOf(path);
        if (key === undefined) return source.fetch(path, context);
        const found = await lookUp(context, () => read(key, context));
        if (found && fresh(found.copy, context)) {
          context.onCopy?.('hit');
          return found.original;
        }
        const original = await source.fetch(path, context);
        keep(key, original, context);
        return original;
      },
      async revalidate(path, etag, context): Promise<Revalidation> {
        const key = keyOf(path);
        if (key === undefined) return source.revalidate(path, etag, context);
        const copy = await lookUp(context, () => head(key, context));
        if (copy && fresh(copy, context)) {
          if (copy.etag !== etag) return { unchanged: false, original: await kept.fetch(path, context) };
          context.onCopy?.('hit');
          return { unchanged: true, source: copy.source };
        }
        const check = await source.revalidate(path, etag, context);
        if (!check.unchanged) keep(key, check.original, context);
        return check;
      },
    };
    return kept;
  }

  return { wrap };
}

export type OriginalCopies = ReturnType<typeof createOriginalCopies>;
