import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An invalidation the stub accepted. */
export interface StubInvalidation {
  distributionId: string;
  id: string;
  callerReference: string;
  paths: string[];
  status: 'InProgress' | 'Completed';
  createTime: Date;
}

/** Error codes the stub can be told to answer with (both HTTP 400, as CloudFront sends them). */
export type StubFailure = 'TooManyInvalidationsInProgress' | 'Throttling';

export interface CloudFrontStubOptions {
  /**
   * When an accepted invalidation completes: after this many ms, or `'manual'` (call `completeAll`).
   * @default 0 (completes right after the `onInvalidate` callbacks ran)
   */
  completeAfterMs?: number | 'manual';
}

/** A local stand-in for CloudFront's invalidation API (REST-XML, API version 2020-05-31). */
export interface CloudFrontStub {
  /** Base URL for `new CloudFrontClient({ endpoint })`. */
  endpoint: string;
  readonly invalidations: readonly StubInvalidation[];
  /** CreateInvalidation requests received, including refused and repeated ones. */
  readonly createRequests: number;
  /** Refuses the next `count` CreateInvalidation requests with `code`. */
  failNext(count: number, code?: StubFailure): void;
  /** Called with the paths of every new invalidation, before CreateInvalidation answers. */
  onInvalidate(callback: (paths: readonly string[]) => void | Promise<void>): void;
  completeAll(): void;
  close(): Promise<void>;
}

const API_PREFIX = '/2020-05-31/distribution/';
const NAMESPACE = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';
const MAX_WILDCARDS_IN_PROGRESS = 15;
const MAX_FILES_IN_PROGRESS = 3000;
const MAX_PATHS_PER_BATCH = 3000;

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (char) => XML_ENTITIES[char] ?? char);
const unescapeXml = (text: string) =>
  text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(
      /&(lt|gt|quot|apos);/g,
      (_, name: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'" })[name] ?? '',
    )
    .replace(/&amp;/g, '&');
const elements = (xml: string, tag: string) =>
  [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((match) =>
    unescapeXml(match[1] ?? ''),
  );

class StubError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
  ) {}
}

const pathsXml = (invalidation: StubInvalidation) =>
  `<Paths><Quantity>${invalidation.paths.length}</Quantity><Items>${invalidation.paths
    .map((path) => `<Path>${escapeXml(path)}</Path>`)
    .join('')}</Items></Paths>`;

const invalidationXml = (invalidation: StubInvalidation) =>
  `<?xml version="1.0" encoding="UTF-8"?><Invalidation xmlns="${NAMESPACE}"><Id>${invalidation.id}</Id>` +
  `<Status>${invalidation.status}</Status><CreateTime>${invalidation.createTime.toISOString()}</CreateTime>` +
  `<InvalidationBatch>${pathsXml(invalidation)}<CallerReference>${escapeXml(invalidation.callerReference)}` +
  `</CallerReference></InvalidationBatch></Invalidation>`;

const listXml = (items: StubInvalidation[], maxItems: number, truncated: boolean, nextMarker?: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><InvalidationList xmlns="${NAMESPACE}"><Marker></Marker>` +
  (nextMarker ? `<NextMarker>${nextMarker}</NextMarker>` : '') +
  `<MaxItems>${maxItems}</MaxItems><IsTruncated>${truncated}</IsTruncated><Quantity>${items.length}</Quantity>` +
  `<Items>${items
    .map(
      (item) =>
        `<InvalidationSummary><Id>${item.id}</Id><CreateTime>${item.createTime.toISOString()}</CreateTime>` +
        `<Status>${item.status}</Status></InvalidationSummary>`,
    )
    .join('')}</Items></InvalidationList>`;

const errorXml = (error: StubError) =>
  `<?xml version="1.0"?><ErrorResponse xmlns="${NAMESPACE}"><Error><Type>Sender</Type><Code>${error.code}</Code>` +
  `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts the stub on 127.0.0.1 (port 0). It answers CreateInvalidation (POST
 * `/2020-05-31/distribution/{Id}/invalidation`), GetInvalidation and ListInvalidations with CloudFront's
 * XML shapes, enforces CloudFront's limits (3,000 paths per batch; 15 wildcard and 3,000 file paths in
 * progress, refused with `TooManyInvalidationsInProgress`), treats a repeated CallerReference with the
 * same paths as the same invalidation (and with different paths as `InvalidationBatchAlreadyExists`),
 * and can be told to refuse the next N requests. Point the real `@aws-sdk/client-cloudfront` at
 * `endpoint` (region us-east-1, any static credentials) so the SDK's own parsing and retries run.
 */
export async function startCloudFrontStub(options: CloudFrontStubOptions = {}): Promise<CloudFrontStub> {
  const completeAfterMs = options.completeAfterMs ?? 0;
  const invalidations: StubInvalidation[] = [];
  const callbacks: ((paths: readonly string[]) => void | Promise<void>)[] = [];
  const failures: StubFailure[] = [];
  let createRequests = 0;

  const inProgress = (distributionId: string) =>
    invalidations.filter((item) => item.distributionId === distributionId && item.status === 'InProgress');

  function complete(invalidation: StubInvalidation): void {
    invalidation.status = 'Completed';
  }

  function validate(
    distributionId: string,
    callerReference: string,
    quantity: number,
    paths: string[],
  ): void {
    if (!callerReference) throw new StubError(400, 'InvalidArgument', 'CallerReference is required');
    if (quantity !== paths.length)
      throw new StubError(400, 'InconsistentQuantities', 'Quantity does not match Items');
    if (paths.length === 0 || paths.length > MAX_PATHS_PER_BATCH) {
      throw new StubError(413, 'BatchTooLarge', `A batch holds 1-${MAX_PATHS_PER_BATCH} paths`);
    }
    if (paths.some((path) => !path.startsWith('/') || path.slice(0, -1).includes('*'))) {
      throw new StubError(
        400,
        'InvalidArgument',
        'Your request contains one or more invalid invalidation paths.',
      );
    }
    const running = inProgress(distributionId).flatMap((item) => item.paths);
    const wildcards = [...running, ...paths].filter((path) => path.endsWith('*')).length;
    const files = [...running, ...paths].length - wildcards;
    if (wildcards > MAX_WILDCARDS_IN_PROGRESS || files > MAX_FILES_IN_PROGRESS) {
      throw new StubError(
        400,
        'TooManyInvalidationsInProgress',
        'Your request contains too many invalidations.',
      );
    }
  }

  async function create(
    distributionId: string,
    body: string,
  ): Promise<{ invalidation: StubInvalidation; created: boolean }> {
    createRequests += 1;
    const failure = failures.shift();
    if (failure) throw new StubError(400, failure, `${failure} (stubbed)`);
    const callerReference = elements(body, 'CallerReference')[0] ?? '';
    const paths = elements(body, 'Path');
    const quantity = Number(
      /<Paths>\s*<Quantity>(\d+)<\/Quantity>/.exec(body)?.[1] ?? elements(body, 'Quantity')[0],
    );
    const previous = invalidations.find(
      (item) => item.distributionId === distributionId && item.callerReference === callerReference,
    );
    if (previous) {
      if (previous.paths.join('\n') === paths.join('\n')) return { invalidation: previous, created: false };
      throw new StubError(409, 'InvalidationBatchAlreadyExists', 'CallerReference was used with other paths');
    }
    validate(distributionId, callerReference, quantity, paths);
    const invalidation: StubInvalidation = {
      distributionId,
      id: `I${randomBytes(7).toString('hex').toUpperCase()}`,
      callerReference,
      paths,
      status: 'InProgress',
      createTime: new Date(),
    };
    invalidations.push(invalidation);
    for (const callback of callbacks) await callback(paths);
    if (completeAfterMs === 0) setImmediate(() => complete(invalidation));
    else if (completeAfterMs !== 'manual') setTimeout(() => complete(invalidation), completeAfterMs).unref();
    return { invalidation, created: true };
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stub');
    const [distributionId, resource, invalidationId, ...rest] = url.pathname
      .slice(API_PREFIX.length)
      .split('/');
    const isInvalidationRoute =
      url.pathname.startsWith(API_PREFIX) &&
      distributionId &&
      resource === 'invalidation' &&
      rest.length === 0;
    const send = (status: number, xml: string, headers: Record<string, string> = {}) => {
      response.writeHead(status, {
        'content-type': 'text/xml',
        'x-amz-request-id': randomUUID(),
        ...headers,
      });
      response.end(xml);
    };
    if (!isInvalidationRoute)
      throw new StubError(404, 'NoSuchResource', `No route for ${request.method} ${url.pathname}`);
    if (request.method === 'POST' && invalidationId === undefined) {
      const { invalidation } = await create(distributionId, await readBody(request));
      send(201, invalidationXml(invalidation), {
        location: `https://cloudfront.amazonaws.com${API_PREFIX}${distributionId}/invalidation/${invalidation.id}`,
      });
    } else if (request.method === 'GET' && invalidationId) {
      const found = invalidations.find(
        (item) => item.distributionId === distributionId && item.id === invalidationId,
      );
      if (!found)
        throw new StubError(404, 'NoSuchInvalidation', 'The specified invalidation does not exist.');
      send(200, invalidationXml(found));
    } else if (request.method === 'GET') {
      const maxItems = Number(url.searchParams.get('MaxItems') ?? 100);
      const newestFirst = invalidations.filter((item) => item.distributionId === distributionId).reverse();
      const page = newestFirst.slice(0, maxItems);
      send(200, listXml(page, maxItems, newestFirst.length > maxItems, page[page.length - 1]?.id));
    } else {
      throw new StubError(405, 'MethodNotAllowed', `${request.method} is not supported here`);
    }
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      const stubError =
        error instanceof StubError ? error : new StubError(500, 'InternalError', String(error));
      response.writeHead(stubError.status, { 'content-type': 'text/xml', 'x-amz-request-id': randomUUID() });
      response.end(errorXml(stubError));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    invalidations,
    get createRequests() {
      return createRequests;
    },
    failNext(count, code = 'TooManyInvalidationsInProgress') {
      for (let index = 0; index < count; index += 1) failures.push(code);
    },
    onInvalidate(callback) {
      callbacks.push(callback);
    },
    completeAll() {
      invalidations.forEach(complete);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
