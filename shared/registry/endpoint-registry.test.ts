import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createRegistryTable, startDynamo, type RunningDynamo } from '../../local/emulators';
import { ImageError } from '../errors/image-error';
import { createDynamoEndpointRegistry, ENDPOINT_ATTRIBUTE } from './endpoint-registry';
import { putEndpoint } from './endpoint-writer';
import { endpointKey } from './table-keys';

const TABLE = 'registry-test';
let dynamo: RunningDynamo;
let clock = 0;

const registry = () =>
  createDynamoEndpointRegistry({
    client: dynamo.client,
    tableName: TABLE,
    cacheSeconds: 60,
    now: () => clock,
  });
const s3 = (bucket: string) => ({ type: 's3' as const, bucket });
const rawPut = (id: string, document: unknown) =>
  DynamoDBDocumentClient.from(dynamo.client).send(
    new PutCommand({ TableName: TABLE, Item: { ...endpointKey(id), [ENDPOINT_ATTRIBUTE]: document } }),
  );

beforeAll(async () => {
  dynamo = await startDynamo();
  await createRegistryTable(dynamo.client, TABLE);
});
afterAll(() => dynamo.close());

describe('the endpoint registry', () => {
  it('returns stored endpoints with every setting defaulted', async () => {
    await putEndpoint(dynamo.client, TABLE, { id: 'photos', origins: [s3('photo-bucket')] });
    const endpoint = await registry().find('photos');
    expect(endpoint?.settings).toMatchObject({
      defaultQuality: 80,
      autoFormat: true,
      errorCacheTtlSeconds: 300,
    });
  });

  it('finds the default endpoint through its pointer', async () => {
    await putEndpoint(dynamo.client, TABLE, {
      id: 'everything',
      isDefault: true,
      origins: [s3('main-bucket')],
    });
    expect((await registry().findDefault())?.id).toBe('everything');
  });

  it('reads DynamoDB at most once per endpoint per TTL, misses included', async () => {
    const cached = registry();
    await putEndpoint(dynamo.client, TABLE, { id: 'ttl', origins: [s3('first-bucket')] });
    expect((await cached.find('ttl'))?.origins[0]).toMatchObject({ bucket: 'first-bucket' });
    expect(await cached.find('late')).toBeUndefined();

    // Written by another process (the CLI, another function): seen after the TTL only.
    await rawPut('ttl', { id: 'ttl', origins: [s3('second-bucket')] });
    await rawPut('late', { id: 'late', origins: [s3('late-bucket')] });
    clock += 59_000;
    expect((await cached.find('ttl'))?.origins[0]).toMatchObject({ bucket: 'first-bucket' });
    expect(await cached.find('late')).toBeUndefined();

    clock += 2_000;
    expect((await cached.find('ttl'))?.origins[0]).toMatchObject({ bucket: 'second-bucket' });
    expect(await cached.find('late')).toBeDefined();
  });

  it('sees a registry write made in this process at once', async () => {
    const cached = registry();
    await putEndpoint(dynamo.client, TABLE, { id: 'local-write', origins: [s3('first-bucket')] });
    expect((await cached.find('local-write'))?.origins[0]).toMatchObject({ bucket: 'first-bucket' });
    await putEndpoint(dynamo.client, TABLE, { id: 'local-write', origins: [s3('second-bucket')] });
    expect((await cached.find('local-write'))?.origins[0]).toMatchObject({ bucket: 'second-bucket' });
  });

  it.each([
    ['missing origins', { id: 'broken' }, 'origins'],
    [
      'a wrong-typed quality',
      { id: 'broken', origins: [s3('ok-bucket')], settings: { defaultQuality: 'high' } },
      'settings.defaultQuality',
    ],
    ['an unknown origin type', { id: 'broken', origins: [{ type: 'ftp', host: 'x' }] }, 'origins.0.type'],
    [
      'a named transformation that does not parse',
      {
        id: 'broken',
        origins: [s3('ok-bucket')],
        settings: { namedTransformations: { thumb: 'w-100,zoom-2' } },
      },
      'settings.namedTransformations.thumb',
    ],
    ['an invalid bucket name', { id: 'broken', origins: [s3('A_B')] }, 'origins.0.bucket'],
    [
      'a plaintext signing key',
      { id: 'broken', origins: [s3('ok-bucket')], settings: { signing: { keys: ['secret'] } } },
      'settings.signing.keys.0',
    ],
  ])(
    'answers an item with %s with an error naming the field, never a crash',
    async (_case, document, field) => {
      await rawPut('broken', document);
      const failure = await registry()
        .find('broken')
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ImageError);
      expect((failure as ImageError).code).toBe('UNIDENTIFIED');
      expect((failure as ImageError).internal).toContain(field);
    },
  );

  it('refuses to store an invalid endpoint, naming the field', async () => {
    await expect(
      putEndpoint(dynamo.client, TABLE, { id: '../x', origins: [s3('ok-bucket')] }),
    ).rejects.toThrow(/id/);
  });
});
