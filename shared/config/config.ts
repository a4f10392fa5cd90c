import type { SecretRef } from '../registry/endpoint-schema';
import { parseSecretRefKey } from '../secrets/secret-refs';
import { ENV } from './env-names';

/** Limits that protect memory and time, with safe defaults (see ../shared/security.md). */
export interface Limits {
  /** @default 8192 */
  maxOutputDimension: number;
  /** @default 100_000_000 (frames x width x height) */
  maxInputPixels: number;
  /** @default 50 MiB */
  maxSourceBytes: number;
  /** @default 300 */
  maxAnimationFrames: number;
  /** @default 1 MiB */
  maxSvgBytes: number;
  /** @default 20 */
  renderTimeoutSeconds: number;
  /** @default 25_000 (below a 30 s Lambda timeout and CloudFront's 30 s origin read timeout) */
  requestDeadlineMs: number;
}

/** Originals kept in a warm process (see `origins/originals-cache.ts`). */
export interface OriginalsCacheConfig {
  /** 0 keeps none. @default 1/8 of Lambda's memory; 0 outside Lambda */
  maxBytes: number;
  /** @default 5 */
  ttlSeconds: number;
}

/**
 * Where imgfront's events go: the stage's EventBridge bus, or (locally) an HTTP receiver that gets
 * each event as a webhook would. Absent: events are not published.
 */
export type EventsConfig = { busName: string } | { url: string; secret: string };

/** The secret `npm start` signs local events with when `IMGFRONT_EVENTS_SECRET` is not set (local only). */
export const DEFAULT_LOCAL_EVENTS_SECRET = 'imgfront-local-webhook-secret';

export interface ServiceConfig {
  registryTable: string;
  registryCacheSeconds: number;
  limits: Limits;
  allowPrivateHosts: readonly string[];
  s3Endpoint: string | undefined;
  dynamoEndpoint: string | undefined;
  purgeQueueUrl: string | undefined;
  distributionId: string | undefined;
  cloudFrontEndpoint: string | undefined;
  /** The deployment may call Rekognition for `fo-face` (endpoints still opt in). @default false */
  faceDetection?: boolean;
  rekognitionEndpoint?: string;
  /**
   * Requests reach the function only through imgfront's own distribution, whose viewer function
   * verifies signatures and says so in `x-imgfront-edge`. @default false: the Lambda checks every one
   */
  edgeSignatures?: boolean;
  /** The viewer function's KeyValueStore, written by the edge sync Lambda. @default none */
  edgeStoreArn?: string;
  /** @default no originals kept */
  originalsCache?: OriginalsCacheConfig;
  /** Bytes of shrunk JPEG decodes kept (`transform/decoded-cache.ts`). @default 1/16 of Lambda's memory; 0 outside Lambda */
  decodedCacheBytes?: number;
  /** Threads per sharp pipeline (`transform/thread-share.ts`). @default every core for a lone render, sharp's default under load */
  sharpThreads?: number;
  /** @default events not published */
  events?: EventsConfig;
  /** Where endpoints with `keepOriginalCopy` keep web originals (see `origins/copies/`). @default none kept */
  originalCopiesBucket?: string;
  /** The key `imgfront-explain` tokens are signed with. @default none: explain is off */
  explainKey?: SecretRef;
}

export const DEFAULT_LIMITS: Limits = {
  maxOutputDimension: 8192,
  maxInputPixels: 100_000_000,
  maxSourceBytes: 50 * 1024 * 1024,
  maxAnimationFrames: 300,
  maxSvgBytes: 1024 * 1024,
  renderTimeoutSeconds: 20,
  requestDeadlineMs: 25_000,
};

type Env = Readonly<Record<string, string | undefined>>;

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function positiveNumber(env: Env, name: string, fallback: number): number {
  const raw = text(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new TypeError(`expected a positive number for ${name} but received "${raw}"`);
  }
  return value;
}

function nonNegativeNumber(env: Env, name: string, fallback: number): number {
  const raw = text(env, name);
  return raw === '0' ? 0 : positiveNumber(env, name, fallback);
}

/**
 * An eighth of Lambda's memory leaves the rest to libvips (a 4000x3000 decode alone takes 36 MB). Off
 * outside Lambda unless asked for, so a local overwrite shows at once.
 */
function originalsCacheConfig(env: Env): OriginalsCacheConfig {
  const lambdaMb = positiveNumber(env, ENV.lambdaMemoryMb, 0);
  const mb = nonNegativeNumber(env, ENV.originalsCacheMb, Math.floor(lambdaMb / 8));
  return { maxBytes: mb * 1024 * 1024, ttlSeconds: positiveNumber(env, ENV.originalsCacheSeconds, 5) };
}

/** A sixteenth of Lambda's memory: 128 MB at 2 GB holds a shrunk decode of ~60 12 MP photos for 400 px. */
function decodedCacheBytes(env: Env): number {
  const lambdaMb = positiveNumber(env, ENV.lambdaMemoryMb, 0);
  return nonNegativeNumber(env, ENV.decodedCacheMb, Math.floor(lambdaMb / 16)) * 1024 * 1024;
}

/** A whole number of threads from 1 to 64, or undefined when unset. */
function sharpThreads(env: Env): number | undefined {
  if (text(env, ENV.sharpThreads) === undefined) return undefined;
  const threads = positiveNumber(env, ENV.sharpThreads, 1);
  if (!Number.isInteger(threads) || threads > 64) {
    throw new TypeError(
      `expected a whole number from 1 to 64 for ${ENV.sharpThreads} but received "${threads}"`,
    );
  }
  return threads;
}

/** `true` or `false` (absent is false); anything else fails the cold start rather than guess. */
function flag(env: Env, name: string): boolean {
  const raw = text(env, name);
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new TypeError(`expected true or false for ${name} but received "${raw}"`);
}

function eventsConfig(env: Env): EventsConfig | undefined {
  const busName = text(env, ENV.eventBusName);
  if (busName !== undefined) return { busName };
  const url = text(env, ENV.eventsUrl);
  if (url === undefined) return undefined;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new TypeError(`expected an http(s) URL for ${ENV.eventsUrl} but received "${url}"`);
  }
  return { url, secret: text(env, ENV.eventsSecret) ?? DEFAULT_LOCAL_EVENTS_SECRET };
}

function secretRef(env: Env, name: string): SecretRef | undefined {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  const ref = parseSecretRefKey(raw);
  if (ref === undefined)
    throw new TypeError(`expected ssm:<name> or secretsmanager:<id> for ${name} but received "${raw}"`);
  return ref;
}

/** Reads the environment once (cold start); a bad value fails the cold start with a message naming it. */
export function loadConfig(env: Env = process.env): ServiceConfig {
  return {
    registryTable: text(env, ENV.registryTable) ?? 'imgfront-registry',
    registryCacheSeconds: positiveNumber(env, ENV.registryCacheSeconds, 60),
    limits: {
      ...DEFAULT_LIMITS,
      maxOutputDimension: positiveNumber(env, ENV.maxOutputDimension, DEFAULT_LIMITS.maxOutputDimension),
      maxInputPixels: positiveNumber(env, ENV.maxInputPixels, DEFAULT_LIMITS.maxInputPixels),
      maxSourceBytes: positiveNumber(env, ENV.maxSourceBytes, DEFAULT_LIMITS.maxSourceBytes),
      maxAnimationFrames: positiveNumber(env, ENV.maxAnimationFrames, DEFAULT_LIMITS.maxAnimationFrames),
      renderTimeoutSeconds: positiveNumber(
        env,
        ENV.renderTimeoutSeconds,
        DEFAULT_LIMITS.renderTimeoutSeconds,
      ),
      requestDeadlineMs: positiveNumber(env, ENV.requestDeadlineMs, DEFAULT_LIMITS.requestDeadlineMs),
    },
    allowPrivateHosts: (text(env, ENV.allowPrivateHosts) ?? '')
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
    s3Endpoint: text(env, ENV.s3Endpoint),
    dynamoEndpoint: text(env, ENV.dynamoEndpoint),
    purgeQueueUrl: text(env, ENV.purgeQueueUrl),
    distributionId: text(env, ENV.distributionId),
    cloudFrontEndpoint: text(env, ENV.cloudFrontEndpoint),
    faceDetection: flag(env, ENV.faceDetection),
    rekognitionEndpoint: text(env, ENV.rekognitionEndpoint),
    edgeSignatures: flag(env, ENV.edgeSignatures),
    edgeStoreArn: text(env, ENV.edgeStoreArn),
    originalsCache: originalsCacheConfig(env),
    decodedCacheBytes: decodedCacheBytes(env),
    sharpThreads: sharpThreads(env),
    events: eventsConfig(env),
    originalCopiesBucket: text(env, ENV.originalCopiesBucket),
    explainKey: secretRef(env, ENV.explainKeyRef),
  };
}

/** Originals kept by `imgfront serve` unless `IMGFRONT_ORIGINALS_CACHE_MB` says otherwise. */
export const SERVER_ORIGINALS_CACHE_MB = 128;
/** Shrunk decodes kept by `imgfront serve` unless `IMGFRONT_DECODED_CACHE_MB` says otherwise. */
export const SERVER_DECODED_CACHE_MB = 64;

/**
 * {@link loadConfig} for a long-lived server (`imgfront serve`): the same variables, but originals are
 * kept by default, since a server, unlike a local stack, has no one overwriting files to watch.
 */
export function loadServerConfig(env: Env = process.env): ServiceConfig {
  return loadConfig({
    [ENV.originalsCacheMb]: String(SERVER_ORIGINALS_CACHE_MB),
    [ENV.decodedCacheMb]: String(SERVER_DECODED_CACHE_MB),
    ...env,
  });
}
