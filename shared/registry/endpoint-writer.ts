import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { invalid } from '../errors/image-error';
import { DEFAULT_ENDPOINT_ATTRIBUTE, ENDPOINT_ATTRIBUTE } from './endpoint-registry';
import { parseEndpoint, type Endpoint } from './endpoint-schema';
import { defaultEndpointKey, endpointKey, ENDPOINT_LIST_PARTITION } from './table-keys';

/**
 * Validates and stores an endpoint (and the default pointer when it is the default). The stored
 * document is the parsed one, so defaults are explicit in the table.
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
  await documents.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...endpointKey(endpoint.id),
        gsi1pk: ENDPOINT_LIST_PARTITION,
        gsi1sk: endpoint.id,
        [ENDPOINT_ATTRIBUTE]: endpoint,
      },
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
  return endpoint;
}
