import type { IncomingMessage } from 'node:http';

/** The CloudFront Functions request shape the viewer-request code reads and returns. */
export interface EdgeRequest {
  method: string;
  uri: string;
  querystring: Record<string, { value: string; multiValue?: { value: string }[] }>;
  headers: Record<string, { value: string }>;
}

/** The viewer request as CloudFront hands it to a viewer-request function. */
export function edgeRequest(request: IncomingMessage): EdgeRequest {
  // CloudFront hands the function query values as the viewer sent them, still percent-encoded.
  const rawQuery = (request.url ?? '').split(/\?(.*)/s)[1] ?? '';
  const querystring: EdgeRequest['querystring'] = {};
  for (const pair of rawQuery.split('&').filter(Boolean)) {
    const [name = '', value = ''] = pair.split(/=(.*)/s);
    const entry = querystring[name];
    if (entry) entry.multiValue = [...(entry.multiValue ?? [{ value: entry.value }]), { value }];
    else querystring[name] = { value };
  }
  const headers: EdgeRequest['headers'] = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers[name] = { value };
  }
  return {
    method: request.method ?? 'GET',
    uri: (request.url ?? '/').split('?')[0] ?? '/',
    querystring,
    headers,
  };
}

/** `uri?query` of the request the function returned: what the origin sees and purges match. */
export function pathWithQuery(edge: EdgeRequest): string {
  const query = Object.entries(edge.querystring)
    .flatMap(([name, entry]) => (entry.multiValue ?? [entry]).map(({ value }) => `${name}=${value}`))
    .join('&');
  return query ? `${edge.uri}?${query}` : edge.uri;
}

/** A plain header map of the edge request. */
export function edgeHeaders(edge: EdgeRequest): Record<string, string> {
  return Object.fromEntries(Object.entries(edge.headers).map(([name, { value }]) => [name, value]));
}
