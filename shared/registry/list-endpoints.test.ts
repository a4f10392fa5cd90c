import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createRegistryTable, startDynamo, type RunningDynamo } from '../../local/emulators';
import { putEndpoint } from './endpoint-writer';
import { createCachedEndpointLister, listEndpoints } from './list-endpoints';
import { endpointKey, ENDPOINT_LIST_PARTITION } from './table-keys';

let dynamo: RunningDynamo;

beforeAll(async () => {
  dynamo = await startDynamo();
  await createRegistryTable(dynamo.client, 'endpoints');
});
afterAll(() => dynamo.close());

describe('listing endpoints', () => {
  it('lists every endpoint across result pages and skips broken items, naming them', async () => {
    // Large documents make DynamoDB page the query (1 MB per page).
    const padding = 'x'.repeat(300_000);
    for (const id of ['alpha', 'beta', 'gamma', 'delta', 'epsilon']) {
      await putEndpoint(dynamo.client, 'endpoints', {
        id,
        origins: [{ type: 'web', baseUrl: 'https://example.com/', headers: { 'x-padding': padding } }],
      });
    }
    await DynamoDBDocumentClient.from(dynamo.client).send(
      new PutCommand({
        TableName: 'endpoints',
        Item: {
          ...endpointKey('broken'),
          gsi1pk: ENDPOINT_LIST_PARTITION,
          gsi1sk: 'broken',
          endpoint: { id: 'broken' },
        },
      }),
    );

    const listing = await listEndpoints(dynamo.client, 'endpoints');
    expect(listing.endpoints.map((endpoint) => endpoint.id).sort()).toEqual([
      'alpha',
      'beta',
      'delta',
      'epsilon',
      'gamma',
    ]);
    expect(listing.invalid).toEqual([{ id: 'broken', message: expect.stringContaining('origins') }]);
  });

  it('reuses a listing for the cache lifetime, then sees registry changes', async () => {
    let now = 0;
    const list = createCachedEndpointLister({
      client: dynamo.client,
      tableName: 'endpoints',
      cacheSeconds: 60,
      now: () => now,
    });
    const before = (await list()).endpoints.length;
    await putEndpoint(dynamo.client, 'endpoints', {
      id: 'late',
      origins: [{ type: 's3', bucket: 'late-bucket' }],
    });
    expect((await list()).endpoints).toHaveLength(before);
    now += 61_000;
    expect((await list()).endpoints).toHaveLength(before + 1);
  });
});
