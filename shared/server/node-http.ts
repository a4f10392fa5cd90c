import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toImageError } from '../errors/image-error';
import { errorResponse, SHORT_ERROR_TTL_SECONDS } from '../http/responses';
import type { HttpRequest, HttpResponse } from '../http/types';

/** A Node request as the service's transport-neutral request; the path stays percent-encoded. */
export function toHttpRequest(request: IncomingMessage): HttpRequest {
  const url = request.url ?? '/';
  const queryIndex = url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return {
    method: request.method ?? 'GET',
    rawPath: queryIndex < 0 ? url : url.slice(0, queryIndex),
    rawQueryString: queryIndex < 0 ? '' : url.slice(queryIndex + 1),
    headers,
    requestId: randomUUID(),
  };
}

export function sendResponse(response: ServerResponse, answer: HttpResponse): void {
  response.writeHead(answer.status, answer.headers);
  response.end(answer.body);
}

/**
 * The service answers every failure itself; this is the last guard for a bug, still with a status,
 * the error header and `Server-Timing`, as every response must have.
 */
export function bugResponse(error: unknown, request: HttpRequest, startedAt: number): HttpResponse {
  console.error(error);
  return errorResponse(toImageError(error), SHORT_ERROR_TTL_SECONDS, {
    serverTiming: `total;dur=${(performance.now() - startedAt).toFixed(1)}`,
    requestId: request.requestId,
    headOnly: request.method === 'HEAD',
  });
}
