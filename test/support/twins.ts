import sharp from 'sharp';
import type { TestStack } from './stack';

/** What a user sees of one answer, with the canonical transformation the service logged for it. */
export interface SeenImage {
  width: number | undefined;
  height: number | undefined;
  format: string | undefined;
  body: Buffer;
  headers: Headers;
  etag: string | null;
  /** The canonical chain the service interpreted the URL as (the request log's `transformation`). */
  transformation: string | undefined;
}

/** Requests `path` and expects an image: 200 without an error code, decodable bytes. */
export async function seenImage(
  stack: TestStack,
  path: string,
  headers: Record<string, string> = {},
): Promise<SeenImage> {
  const logged = stack.logs.length;
  const response = await stack.get(path, headers);
  expect([response.status, response.headers.get('x-imgfront-error'), path]).toEqual([200, null, path]);
  const { width, height, format } = await sharp(response.body).metadata();
  return {
    width,
    height,
    format,
    body: response.body,
    headers: response.headers,
    etag: response.headers.get('etag'),
    transformation: stack.logs.slice(logged).at(-1)?.transformation,
  };
}

/**
 * Requests a vendor URL and its ImageKit twin on an endpoint over the same origin, and expects both to
 * parse to the same canonical spec: the same logged canonical chain and the same ETag (which is derived
 * from the original, the canonical transformation and the output plan).
 */
export async function expectSameAsTwin(
  stack: TestStack,
  vendorPath: string,
  imagekitPath: string,
  headers: Record<string, string> = {},
): Promise<SeenImage> {
  const vendor = await seenImage(stack, vendorPath, headers);
  const twin = await seenImage(stack, imagekitPath, headers);
  expect(vendor.transformation).toBeDefined();
  expect(vendor.transformation).toBe(twin.transformation);
  expect(vendor.etag).not.toBeNull();
  expect(vendor.etag).toBe(twin.etag);
  return vendor;
}

/** The path and query of an SDK-built URL: the SDKs are told the CDN's host; the test stack has its own. */
export function targetOf(url: string): string {
  const match = /^https?:\/\/[^/]+(\/.*)$/.exec(url);
  if (!match?.[1]) throw new Error(`Not an absolute URL: ${url}`);
  return match[1];
}

/** A refused request's status, error code header and message. */
export async function refusal(stack: TestStack, path: string): Promise<[number, string | null, string]> {
  const response = await stack.get(path);
  return [response.status, response.headers.get('x-imgfront-error'), response.body.toString().trim()];
}

export const NOT_VALID = 'The URL signature is not valid';
export const EXPIRED = 'This signed URL has expired';
export const MUST_BE_SIGNED = 'This URL must be signed';

/**
 * Requests `path` through the CloudFront stand-in (viewer-request function, cache key, response cache)
 * twice: what a browser gets, and whether the second answer came from the cache.
 */
export async function viaCdn(
  stack: TestStack,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; errorCode: string | null; width: number | undefined; cache: string | null }> {
  const first = await fetch(`${stack.cdnUrl}${path}`, { headers });
  const body = Buffer.from(await first.arrayBuffer());
  const width = first.status === 200 ? (await sharp(body).metadata()).width : undefined;
  const second = await fetch(`${stack.cdnUrl}${path}`, { headers });
  await second.arrayBuffer();
  return {
    status: first.status,
    errorCode: first.headers.get('x-imgfront-error'),
    width,
    cache: second.headers.get('x-cache'),
  };
}
