import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stub received, as the assertions need it. */
export interface KvsStubRequest {
  method: string;
  /** The path with the store ARN decoded: `/key-value-stores/<arn>/keys`. */
  path: string;
  query: Record<string, string>;
  ifMatch: string | undefined;
  /** `Authorization`'s algorithm: `AWS4-ECDSA-P256-SHA256` for SigV4A. */
  algorithm: string | undefined;
  regionSet: string | undefined;
  body: unknown;
}

/** A local stand-in for the CloudFront KeyValueStore data-plane API (REST-JSON) for one store. */
export interface KvsStub {
  endpoint: string;
  readonly values: Map<string, string>;
  readonly etag: string;
  readonly requests: readonly KvsStubRequest[];
  /** Another writer changes the store just before the next `UpdateKeys`, which then answers 409. */
  conflictNext(count: number): void;
  close(): Promise<void>;
}

const MAX_PAGE = 50;
const MAX_BATCH = 50;
const LIMITS = { key: 512, value: 1024, total: 5 * 1024 * 1024 };

class StubError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
  ) {}
}

interface UpdateBody {
  Puts?: { Key: string; Value: string }[];
  Deletes?: { Key: string }[];
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Starts the stub on 127.0.0.1, port 0, holding `initial` for the store `storeArn`. */
export async function startKvsStub(storeArn: string, initial: Record<string, string> = {}): Promise<KvsStub> {
  const values = new Map(Object.entries(initial));
  const requests: KvsStubRequest[] = [];
  let etag = randomUUID();
  let conflicts = 0;
  const totalBytes = (map: ReadonlyMap<string, string> = values) =>
    [...map].reduce((sum, [key, value]) => sum + bytes(key) + bytes(value), 0);
  const storeBase = `/key-value-stores/${storeArn}`;

  const listKeys = (query: Record<string, string>) => {
    const size = Number(query.MaxResults ?? 10);
    if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE)
      throw new StubError(400, 'ValidationException', 'MaxResults must be 1-50');
    const keys = [...values.keys()].sort();
    const start = query.NextToken === undefined ? 0 : keys.indexOf(query.NextToken);
    if (start < 0) throw new StubError(400, 'ValidationException', 'bad NextToken');
    const page = keys.slice(start, start + size);
    const next = keys[start + size];
    return {
      Items: page.map((Key) => ({ Key, Value: values.get(Key) })),
      ...(next ? { NextToken: next } : {}),
    };
  };

  const updateKeys = (ifMatch: string | undefined, body: UpdateBody) => {
    if (conflicts > 0) {
      conflicts -= 1;
      etag = randomUUID();
    }
    if (ifMatch !== etag) throw new StubError(409, 'ConflictException', 'The ETag does not match');
    const puts = body.Puts ?? [];
    const deletes = body.Deletes ?? [];
    if (puts.length + deletes.length > MAX_BATCH)
      throw new StubError(400, 'ValidationException', 'At most 50 keys per UpdateKeys');
    const next = new Map(values);
    for (const { Key } of deletes) next.delete(Key);
    for (const { Key, Value } of puts) {
      if (bytes(Key) > LIMITS.key || bytes(Value) > LIMITS.value)
        throw new StubError(400, 'ValidationException', 'Key or value too large');
      next.set(Key, Value);
    }
    if (totalBytes(next) > LIMITS.total)
      throw new StubError(402, 'ServiceQuotaExceededException', 'Store full');
    values.clear();
    for (const [key, value] of next) values.set(key, value);
    etag = randomUUID();
    return { ItemCount: values.size, TotalSizeInBytes: totalBytes() };
  };

  const answer = (request: KvsStubRequest): unknown => {
    if (!request.algorithm?.startsWith('AWS4-ECDSA-P256-SHA256') || request.regionSet !== '*')
      throw new StubError(403, 'AccessDeniedException', 'SigV4A with region set * is required');
    if (request.method === 'GET' && request.path === storeBase)
      return { KvsARN: storeArn, ItemCount: values.size, TotalSizeInBytes: totalBytes(), Created: 0 };
    if (request.method === 'GET' && request.path === `${storeBase}/keys`) return listKeys(request.query);
    if (request.method === 'POST' && request.path === `${storeBase}/keys`)
      return updateKeys(request.ifMatch, request.body as UpdateBody);
    throw new StubError(404, 'ResourceNotFoundException', `No route ${request.method} ${request.path}`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://stub');
    const request: KvsStubRequest = {
      method: req.method ?? '',
      path: url.pathname.split('/').map(decodeURIComponent).join('/'),
      query: Object.fromEntries(url.searchParams),
      ifMatch: req.headers['if-match'],
      algorithm: req.headers.authorization?.split(' ')[0],
      regionSet: [req.headers['x-amz-region-set']].flat()[0],
      body: text === '' ? undefined : (JSON.parse(text) as unknown),
    };
    requests.push(request);
    try {
      const body = answer(request);
      res.writeHead(200, { 'content-type': 'application/json', etag });
      res.end(JSON.stringify(body));
    } catch (error) {
      const failure =
        error instanceof StubError ? error : new StubError(500, 'InternalServerException', String(error));
      res.writeHead(failure.status, { 'content-type': 'application/json', 'x-amzn-errortype': failure.code });
      res.end(JSON.stringify({ message: failure.message }));
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    values,
    get etag() {
      return etag;
    },
    requests,
    conflictNext: (count) => {
      conflicts = count;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
