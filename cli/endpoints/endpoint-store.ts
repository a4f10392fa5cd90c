import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { fromDependencySdkError } from '../../shared/aws/sdk-errors';
import { DEFAULT_ENDPOINT_ATTRIBUTE, ENDPOINT_ATTRIBUTE } from '../../shared/registry/endpoint-registry';
import { defaultEndpointKey, endpointKey } from '../../shared/registry/table-keys';
import { noteRegistryWrite } from '../../shared/registry/registry-writes';

/**
 * Registry access the CLI needs beside `putEndpoint` and the registry's validated reads: the stored
 * document as it is (even if invalid, so it can be diffed and replaced), deleting an endpoint item,
 * and deleting the default pointer only while it still names that endpoint (a named condition, so a
 * concurrent change of the default is never undone).
 */
export interface EndpointStore {
  /** The stored endpoint document, unvalidated; undefined when there is none. */
  readDocument(id: string): Promise<Record<string, unknown> | undefined>;
  /** Whether an item existed. */
  deleteEndpoint(id: string): Promise<boolean>;
  /** Whether the pointer named `id` and was removed. */
  clearDefaultPointer(id: string): Promise<boolean>;
}

export function createEndpointStore(client: DynamoDBClient, tableName: string): EndpointStore {
  const documents = DynamoDBDocumentClient.from(client);
  return {
    async readDocument(id) {
      try {
        const { Item } = await documents.send(
          new GetCommand({ TableName: tableName, Key: endpointKey(id), ConsistentRead: true }),
        );
        const document: unknown = Item?.[ENDPOINT_ATTRIBUTE];
        return typeof document === 'object' && document !== null
          ? (document as Record<string, unknown>)
          : undefined;
      } catch (error) {
        throw fromDependencySdkError(error, `read endpoint ${id}`);
      }
    },
    async deleteEndpoint(id) {
      try {
        const { Attributes } = await documents.send(
          new DeleteCommand({ TableName: tableName, Key: endpointKey(id), ReturnValues: 'ALL_OLD' }),
        );
        noteRegistryWrite(tableName);
        return Attributes !== undefined;
      } catch (error) {
        throw fromDependencySdkError(error, `delete endpoint ${id}`);
      }
    },
    async clearDefaultPointer(id) {
      try {
        await documents.send(
          new DeleteCommand({
            TableName: tableName,
            Key: defaultEndpointKey(),
            ConditionExpression: '#endpointId = :id',
            ExpressionAttributeNames: { '#endpointId': DEFAULT_ENDPOINT_ATTRIBUTE },
            ExpressionAttributeValues: { ':id': id },
          }),
        );
        noteRegistryWrite(tableName);
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw fromDependencySdkError(error, 'clear the default endpoint pointer');
      }
    },
  };
}
