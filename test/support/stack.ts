import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestLogRecord } from '../../shared/log/request-log';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../local/local-stack';

export interface TestStack extends LocalStack {
  logs: RequestLogRecord[];
  get(
    path: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; body: Buffer }>;
  /** Sends the path byte for byte (fetch would normalise `..` away before it leaves the client). */
  rawGet(path: string): Promise<{ status: number; errorCode: string | undefined }>;
}

/** The real local stack (s3rver, dynalite, function-URL server) in a temp folder, with captured logs. */
export async function startTestStack(
  options: Partial<LocalStackOptions> = {},
): Promise<TestStack & { dispose(): Promise<void> }> {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'imgfront-test-'));
  const logs: RequestLogRecord[] = [];
  const stack = await startLocalStack({ dataDirectory, log: (record) => logs.push(record), ...options });
  return Object.assign(stack, {
    logs,
    async get(path: string, headers: Record<string, string> = {}) {
      const response = await fetch(`${stack.url}${path}`, { headers });
      return {
        status: response.status,
        headers: response.headers,
        body: Buffer.from(await response.arrayBuffer()),
      };
    },
    rawGet(path: string) {
      return new Promise<{ status: number; errorCode: string | undefined }>((resolve, reject) => {
        const request = httpRequest(`${stack.url}/`, { path }, (response) => {
          response.resume();
          const errorCode = response.headers['x-imgfront-error'];
          resolve({
            status: response.statusCode ?? 0,
            errorCode: typeof errorCode === 'string' ? errorCode : undefined,
          });
        });
        request.on('error', reject);
        request.end();
      });
    },
    async dispose() {
      await stack.close();
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  });
}
