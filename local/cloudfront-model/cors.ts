import { CORS_POLICY } from '../../infra/edge/cors-policy';

type Headers = Record<string, string | string[] | undefined>;

/**
 * The CORS headers the distribution's response headers policy puts on a response: none without
 * an allowed `Origin`; the allow-origin and expose headers on every CORS request; the allowed
 * methods, headers and max-age on a preflight (OPTIONS with `Access-Control-Request-Method`).
 */
export function corsHeaders(
  method: string,
  request: Headers,
  allowedOrigins: readonly string[],
): Record<string, string> {
  const origin = request.origin;
  if (typeof origin !== 'string') return {};
  const anyOrigin = allowedOrigins.includes('*');
  if (!anyOrigin && !allowedOrigins.includes(origin)) return {};
  const headers: Record<string, string> = {
    'access-control-allow-origin': anyOrigin ? '*' : origin,
    'access-control-expose-headers': CORS_POLICY.exposeHeaders.join(','),
  };
  if (CORS_POLICY.allowCredentials) headers['access-control-allow-credentials'] = 'true';
  if (method === 'OPTIONS' && request['access-control-request-method'] !== undefined) {
    headers['access-control-allow-methods'] = CORS_POLICY.allowMethods.join(',');
    headers['access-control-allow-headers'] = CORS_POLICY.allowHeaders.join(',');
    headers['access-control-max-age'] = String(CORS_POLICY.maxAgeSeconds);
  }
  return headers;
}

/** The origin's own CORS headers, dropped where the policy overrides them. */
export function withoutOriginCors(headers: Headers): Headers {
  if (!CORS_POLICY.originOverride) return headers;
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !name.startsWith('access-control-')));
}
