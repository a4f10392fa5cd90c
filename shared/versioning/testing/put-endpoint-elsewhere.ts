import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { EndpointInput } from '../../registry/endpoint-schema';

const REPO_ROOT = join(__dirname, '..', '..', '..');

// Runs in the child: the same writer the CLI's `endpoint put` uses, against the given DynamoDB.
const SCRIPT = `
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { putEndpoint } = require('./shared/registry/endpoint-writer');
const { endpoint, tableName, document } = JSON.parse(process.argv[1]);
const client = new DynamoDBClient({
  endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'LOCAL', secretAccessKey: 'LOCAL' },
});
putEndpoint(client, tableName, document).then(() => client.destroy());
`;

/**
 * Stores an endpoint from a separate Node process, as an operator running `imgfront endpoint put` in
 * another terminal does: nothing in this process learns of the write except by reading the table.
 */
export async function putEndpointElsewhere(
  dynamoEndpoint: string,
  tableName: string,
  document: EndpointInput,
): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-e',
      SCRIPT,
      JSON.stringify({ endpoint: dynamoEndpoint, tableName, document }),
    ],
    { cwd: REPO_ROOT, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
  );
}
