import { ENV } from '../shared/config/env-names';

/** The fuzzer's knobs, read once from the environment. */
export interface FuzzSettings {
  /** Wall-clock budget for the whole run, start-up included. */
  budgetMs: number;
  seed: number;
  /** fast-check's replay path of a counterexample (with its seed). */
  path: string | undefined;
  maxRssBytes: number;
  /** Service limits for the run: a deadline short enough that a hang shows within the budget. */
  serviceEnv: Record<string, string>;
  /** How long after the request deadline an answer may still come before the case counts as a hang. */
  hangMarginMs: number;
}

/** @default 45 s: the CI budget; `FUZZ_SECONDS=600` for a long run. */
const DEFAULT_SECONDS = 45;
const REQUEST_DEADLINE_MS = 6_000;
const RENDER_TIMEOUT_SECONDS = 3;

function positive(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`expected a positive number for ${name} but received "${raw}"`);
  return value;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): FuzzSettings {
  const seed =
    env.FUZZ_SEED === undefined ? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0 : Number(env.FUZZ_SEED);
  if (!Number.isInteger(seed))
    throw new RangeError(`expected an integer for FUZZ_SEED but received "${env.FUZZ_SEED}"`);
  return {
    budgetMs: positive(env.FUZZ_SECONDS, 'FUZZ_SECONDS', DEFAULT_SECONDS) * 1000,
    seed,
    path: env.FUZZ_PATH || undefined,
    // 7/8 of the transform Lambda's 2,048 MB: a hostile case must never bring the function near its end.
    maxRssBytes: positive(env.FUZZ_MAX_RSS_MB, 'FUZZ_MAX_RSS_MB', 1792) * 1024 * 1024,
    serviceEnv: {
      [ENV.requestDeadlineMs]: String(REQUEST_DEADLINE_MS),
      [ENV.renderTimeoutSeconds]: String(RENDER_TIMEOUT_SECONDS),
    },
    hangMarginMs: 5_000,
  };
}
