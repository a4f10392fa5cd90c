import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { z } from 'zod';
import type { AwsClientDefaults } from '../../shared/aws/client-defaults';
import { fromDependencySdkError } from '../../shared/aws/sdk-errors';
import type { EdgeSyncResult } from '../../shared/edge/edge-store-sync';
import { dependencyFailed, ERROR_CODES, ImageError } from '../../shared/errors/image-error';
import { ERROR_HEADER } from '../../shared/http/responses';

const resultSchema = z.object({ put: z.number().int().min(0), deleted: z.number().int().min(0) });
const localFailureSchema = z.object({ error: z.string() });
/** What Lambda answers for a function that threw (`FunctionError: Unhandled`). */
const lambdaFailureSchema = z.object({ errorType: z.string().optional(), errorMessage: z.string() });

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Asks the local stack (`npm start`) to sync its edge store now. */
export async function triggerLocalEdgeSync(url: string): Promise<EdgeSyncResult> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new ImageError('ECONNREFUSED', 'The local stack did not answer: is `npm start` running?', {
      internal: `POST ${url}: ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
  const body = parseJson(await response.text());
  const result = resultSchema.safeParse(body);
  if (response.ok && result.success) return result.data;
  const code = ERROR_CODES.find((known) => known === response.headers.get(ERROR_HEADER)) ?? 'UNIDENTIFIED';
  const failure = localFailureSchema.safeParse(body);
  throw new ImageError(code, failure.success ? failure.data.error : 'The local edge sync failed', {
    internal: `POST ${url} answered ${response.status}`,
  });
}

/** Invokes the deployed edge sync function and waits for its answer (it syncs in a second or two). */
export async function invokeEdgeSync(
  functionName: string,
  clientDefaults: AwsClientDefaults,
): Promise<EdgeSyncResult> {
  const client = new LambdaClient({ ...clientDefaults, maxAttempts: 3 });
  try {
    const answer = await client.send(
      new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify({ source: 'imgfront-cli' }) }),
    );
    const body = parseJson(Buffer.from(answer.Payload ?? new Uint8Array()).toString('utf8'));
    if (answer.FunctionError !== undefined) {
      const failure = lambdaFailureSchema.safeParse(body);
      throw new ImageError('UNIDENTIFIED', `The edge sync function ${functionName} failed`, {
        internal: failure.success ? failure.data.errorMessage : `FunctionError ${answer.FunctionError}`,
      });
    }
    const result = resultSchema.safeParse(body);
    if (!result.success) throw dependencyFailed(`${functionName} answered no sync result`);
    return result.data;
  } catch (error) {
    throw fromDependencySdkError(error, `invoke ${functionName}`);
  } finally {
    client.destroy();
  }
}
