import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createRegistryTable, startDynamo, type RunningDynamo } from '../../local/emulators';
import { putEndpoint } from './endpoint-writer';
import { putEndpointElsewhere } from '../versioning/testing/put-endpoint-elsewhere';
import {
  createEndpointLister,
  listEndpoints,
  type EndpointLister,
  type EndpointListing,
} from './list-endpoints';
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
});

describe('an endpoint lister', () => {
  let now = 0;
  let lister: EndpointLister;
  let stored = 0;
  const ids = async (listing: Promise<EndpointListing>) =>
    (await listing).endpoints.map((endpoint) => endpoint.id);
  /** A new endpoint, stored by another process: only a new load of the listing can see it. */
  const storeElsewhere = async () => {
    const id = `remote-${(stored += 1)}`;
    await putEndpointElsewhere(dynamo.endpoint, 'endpoints', { id, origins: [{ type: 's3', bucket: id }] });
    return id;
  };

  beforeEach(async () => {
    now = 1_000_000;
    lister = createEndpointLister({
      client: dynamo.client,
      tableName: 'endpoints',
      cacheSeconds: 60,
      now: () => now,
    });
    await lister.loadedAfter(0);
  });

  it('answers for a moment it was loaded after from its cache, and loads again for a later one', async () => {
    const id = await storeElsewhere();
    now += 5_000;
    expect(await ids(lister.loadedAfter(now - 10_000))).not.toContain(id);
    expect(await ids(lister.loadedAfter(now - 4_000))).toContain(id);
  });

  it('sees an endpoint stored in this process at once', async () => {
    await putEndpoint(dynamo.client, 'endpoints', {
      id: 'local',
      origins: [{ type: 's3', bucket: 'local' }],
    });
    expect(await ids(lister.loadedAfter(0))).toContain('local');
  });

  it('reloads on a recheck at most once per interval', async () => {
    const first = await storeElsewhere();
    now += 999;
    expect(await ids(lister.recheck())).not.toContain(first);
    now += 2;
    expect(await ids(lister.recheck())).toContain(first);
    const second = await storeElsewhere();
    now += 500;
    expect(await ids(lister.recheck())).not.toContain(second);
  });

  it('reuses a listing no longer than the cache lifetime', async () => {
    const id = await storeElsewhere();
    now += 59_000;
    expect(await ids(lister.loadedAfter(0))).not.toContain(id);
    now += 2_000;
    expect(await ids(lister.loadedAfter(0))).toContain(id);
  });
});
