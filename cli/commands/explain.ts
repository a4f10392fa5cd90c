import { ERROR_CODES, ImageError, type ErrorCode } from '../../shared/errors/image-error';
import {
  EXPLAIN_PARAM,
  MAX_EXPLAIN_TOKEN_SECONDS,
  signExplainToken,
} from '../../shared/explain/explain-token';
import type { Explanation } from '../../shared/service/explanation';
import { ERROR_HEADER } from '../../shared/http/responses';
import { ENV } from '../../shared/config/env-names';
import { GLOBAL_OPTIONS, parseCommandLine } from '../core/args';
import type { CommandIo, CommandResult } from '../core/command-io';
import { parseDurationSeconds } from '../core/duration';
import { parseSecretRef, resolveSigningKey } from '../core/signing-key';
import { requireBaseUrl, resolveTarget, type Target } from '../core/target';
import { UsageError } from '../core/usage-error';
import { formatExplanation } from './explain-text';

const OPTIONS = {
  ...GLOBAL_OPTIONS,
  'key-ref': { type: 'string' },
  accept: { type: 'string' },
  expires: { type: 'string' },
} as const;

/** What a current browser sends for images, so the format chosen is what a visitor would get. */
export const BROWSER_ACCEPT = 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8';
const DEFAULT_TOKEN_SECONDS = 300;

/** An absolute URL as given; `<endpoint>/<path>` or `/<endpoint>/<path>` on the target's CDN. */
function imageUrl(text: string, target: Target): URL {
  if (/^https?:\/\//i.test(text)) {
    if (!URL.canParse(text)) throw new UsageError(`expected a URL but received "${text}"`);
    return new URL(text);
  }
  return new URL(`${requireBaseUrl(target)}/${text.replace(/^\/+/, '')}`);
}

const errorCodeOf = (header: string | null): ErrorCode =>
  ERROR_CODES.find((code) => code === header) ?? 'UNIDENTIFIED';

/** `explain <url>`: asks the service why it answers the URL the way it does, with a signed token. */
export async function run(argv: readonly string[], io: CommandIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS, { min: 1, max: 1, names: '<url>' });
  const lifetime =
    values.expires === undefined ? DEFAULT_TOKEN_SECONDS : parseDurationSeconds(values.expires, '--expires');
  if (lifetime > MAX_EXPLAIN_TOKEN_SECONDS)
    throw new UsageError(`--expires may be at most ${MAX_EXPLAIN_TOKEN_SECONDS / 60}m`);
  const target = await resolveTarget(values, io.env);
  const keyRef =
    values['key-ref'] === undefined ? target.config.explainKey : parseSecretRef(values['key-ref']);
  if (keyRef === undefined)
    throw new UsageError(
      `--key-ref is required (or set ${ENV.explainKeyRef}): the stage's explainKey reference`,
    );
  const key = await resolveSigningKey(target, keyRef);

  const url = imageUrl(positionals[0] ?? '', target);
  url.searchParams.delete(EXPLAIN_PARAM);
  url.searchParams.append(EXPLAIN_PARAM, signExplainToken(key, Math.floor(Date.now() / 1000) + lifetime));
  const response = await fetch(url, { headers: { accept: values.accept ?? BROWSER_ACCEPT } }).catch(
    (error: unknown) => {
      throw new ImageError('ECONNREFUSED', `Cannot reach ${url.origin}`, { cause: error });
    },
  );
  const body = await response.text();
  if (!response.ok || !(response.headers.get('content-type') ?? '').startsWith('application/json')) {
    const code = response.headers.get(ERROR_HEADER);
    throw new ImageError(
      errorCodeOf(code),
      `The service answered ${response.status}${code ? ` ${code}` : ''} instead of an explanation: ${body.trim().slice(0, 200)}`,
    );
  }
  const explanation = JSON.parse(body) as Explanation;
  return { data: explanation, text: formatExplanation(explanation) };
}
