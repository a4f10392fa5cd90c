import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for SSM Parameter Store and Secrets Manager, speaking their JSON protocol
 * (`X-Amz-Target` names the operation) so the real SDK clients read and write it: the running local
 * stack resolves signing keys here, and `imgfront secret put --local` writes here.
 */
export interface SecretsStub {
  /** Base URL for `new SSMClient({ endpoint })` and `new SecretsManagerClient({ endpoint })`. */
  endpoint: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 256 * 1024;
type Answer = { status: number; body: Record<string, unknown> };
const fault = (type: string, message: string): Answer => ({ status: 400, body: { __type: type, message } });
const arn = (id: string) => `arn:aws:secretsmanager:us-east-1:000000000000:secret:${id}`;

/** The operations the service and the CLI use, on one map keyed like `secretRefKey` (`ssm:/a`, `secretsmanager:b`). */
function answer(store: Map<string, string>, target: string, body: Record<string, unknown>): Answer {
  const name = String(body.Name ?? body.SecretId ?? '');
  const value = typeof body.Value === 'string' ? body.Value : body.SecretString;
  switch (target) {
    case 'AmazonSSM.GetParameter': {
      const stored = store.get(`ssm:${name}`);
      if (stored === undefined) return fault('ParameterNotFound', `Parameter ${name} not found.`);
      return {
        status: 200,
        body: { Parameter: { Name: name, Type: 'SecureString', Value: stored, Version: 1 } },
      };
    }
    case 'AmazonSSM.PutParameter':
      if (typeof value !== 'string' || value === '') return fault('ValidationException', 'Value is required');
      if (store.has(`ssm:${name}`) && body.Overwrite !== true)
        return fault('ParameterAlreadyExists', `The parameter ${name} already exists.`);
      store.set(`ssm:${name}`, value);
      return { status: 200, body: { Version: 1, Tier: 'Standard' } };
    case 'secretsmanager.GetSecretValue': {
      const stored = store.get(`secretsmanager:${name}`);
      if (stored === undefined)
        return fault('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      return {
        status: 200,
        body: { ARN: arn(name), Name: name, SecretString: stored, VersionId: randomUUID() },
      };
    }
    case 'secretsmanager.CreateSecret':
      if (store.has(`secretsmanager:${name}`))
        return fault(
          'ResourceExistsException',
          `The operation failed because the secret ${name} already exists.`,
        );
      if (typeof value !== 'string') return fault('InvalidParameterException', 'SecretString is required');
      store.set(`secretsmanager:${name}`, value);
      return { status: 200, body: { ARN: arn(name), Name: name, VersionId: randomUUID() } };
    case 'secretsmanager.PutSecretValue':
      if (!store.has(`secretsmanager:${name}`))
        return fault('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      if (typeof value !== 'string') return fault('InvalidParameterException', 'SecretString is required');
      store.set(`secretsmanager:${name}`, value);
      return { status: 200, body: { ARN: arn(name), Name: name, VersionId: randomUUID() } };
    default:
      return fault('UnknownOperationException', `The stub does not implement ${target.slice(0, 60)}`);
  }
}

function handle(store: Map<string, string>, request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  let size = 0;
  request.on('data', (chunk: Buffer) => {
    size += chunk.byteLength;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  });
  request.on('end', () => {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      body = {};
    }
    const result =
      size > MAX_BODY_BYTES
        ? fault('ValidationException', 'Request too large')
        : answer(store, String(request.headers['x-amz-target'] ?? ''), body);
    response
      .writeHead(result.status, { 'content-type': 'application/x-amz-json-1.1' })
      .end(JSON.stringify(result.body));
  });
}

/** Starts the stub on 127.0.0.1 (port 0), holding `initial` (keyed `ssm:<name>` / `secretsmanager:<id>`). */
export async function startSecretsStub(initial: Readonly<Record<string, string>> = {}): Promise<SecretsStub> {
  const store = new Map(Object.entries(initial));
  const server = createServer((request, response) => handle(store, request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
