import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import dynalite from 'dynalite';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import { TABLE_KEYS } from '../shared/registry/table-keys';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-names';

export { LOCAL_CREDENTIALS, LOCAL_REGION };

export interface RunningS3 {
  endpoint: string;
  client: S3Client;
  server: S3rver;
  close(): Promise<void>;
}

/** An s3rver on 127.0.0.1 (port 0 = any free port) storing objects under `directory`. */
export async function startS3(options: {
  directory: string;
  buckets: string[];
  port?: number;
}): Promise<RunningS3> {
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory: options.directory,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new S3Client({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
  });
  return { endpoint, client, server, close: () => server.close() };
}

export interface RunningDynamo {
  endpoint: string;
  client: DynamoDBClient;
  close(): Promise<void>;
}

/** A dynalite (in-memory DynamoDB) on 127.0.0.1. */
export async function startDynamo(options: { port?: number } = {}): Promise<RunningDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  return {
    endpoint,
    client,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Creates the registry table with the same keys the CDK stack declares. */
export async function createRegistryTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const { partitionKey, sortKey, listIndexName, listIndexPartitionKey, listIndexSortKey } = TABLE_KEYS;
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [partitionKey, sortKey, listIndexPartitionKey, listIndexSortKey].map((name) => ({
        AttributeName: name,
        AttributeType: 'S',
      })),
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: listIndexName,
          KeySchema: [
            { AttributeName: listIndexPartitionKey, KeyType: 'HASH' },
            { AttributeName: listIndexSortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
}
