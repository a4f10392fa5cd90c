import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { invalid } from '../errors/image-error';
import { DEFAULT_ENDPOINT_ATTRIBUTE, ENDPOINT_ATTRIBUTE } from './endpoint-registry';
import { parseEndpoint, type Endpoint } from './endpoint-schema';
import { noteRegistryWrite } from './registry-writes';
import { defaultEndpointKey, endpointKey, ENDPOINT_LIST_PARTITION } from './table-keys';

/** The registry item of an endpoint: its key, its place in the endpoint list, and the document. */
export function endpointItem(endpoint: Endpoint): Record<string, unknown> {
  return {
    ...endpointKey(endpoint.id),
    gsi1pk: ENDPOINT_LIST_PARTITION,
    gsi1sk: endpoint.id,
    [ENDPOINT_ATTRIBUTE]: endpoint,
  };
}

/**
 * Validates and stores an endpoint (and the default pointer when it is the default). The stored
 * document is the parsed one, so defaults are explicit in the table. Endpoint listers in this process
 * reload on their next use.
 */
export async function putEndpoint(
  client: DynamoDBClient,
  tableName: string,
  document: unknown,
): Promise<Endpoint> {
  const parsed = parseEndpoint(document);
  if (!parsed.ok) throw invalid(`Invalid endpoint: ${parsed.message}`);
  const { endpoint } = parsed;
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  try {
    await documents.send(
      new PutCommand({
        TableName: tableName,
        Item: endpointItem(endpoint),
      }),
    );
    if (endpoint.isDefault) {
      await documents.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...defaultEndpointKey(), [DEFAULT_ENDPOINT_ATTRIBUTE]: endpoint.id },
        }),
      );
    }
  } finally {
    // Even a failed second write may have stored the endpoint: a needless reload is cheap, a missed one is not.
    noteRegistryWrite(tableName);
  }
  return endpoint;
}
