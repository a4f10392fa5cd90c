import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDynamoEndpointRegistry } from '../../shared/registry/endpoint-registry';
import { runCliProcess, startCliHarness, type CliHarness } from './support/cli-harness';

let harness: CliHarness;

const writeJson = (name: string, document: unknown) => {
  const file = join(harness.dir, name);
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
};
const shop = (quality: number, extra: Record<string, unknown> = {}) => ({
  id: 'shop',
  origins: [{ type: 's3', bucket: 'imgfront-demo', prefix: 'shop' }],
  settings: { defaultQuality: quality },
  ...extra,
});
const storedDefault = () =>
  createDynamoEndpointRegistry({
    client: harness.stack.dynamo.client,
    tableName: harness.stack.config.registryTable,
    cacheSeconds: 0,
  }).findDefault();

beforeAll(async () => {
  harness = await startCliHarness();
});
afterAll(() => harness.close());

describe('imgfront endpoint', () => {
  it('creates an endpoint from a JSON file, then gets and lists it with every default explicit', async () => {
    const created = await harness.cli(['endpoint', 'put', writeJson('shop.json', shop(70))]);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created endpoint "shop"');

    const [got, listed] = await Promise.all([
      harness.cli(['endpoint', 'get', 'shop', '--output', 'json']),
      harness.cli(['endpoint', 'list']),
    ]);
    expect(got.code).toBe(0);
    expect(got.json()).toMatchObject({
      id: 'shop',
      isDefault: false,
      origins: [{ type: 's3', bucket: 'imgfront-demo', prefix: 'shop' }],
      settings: { defaultQuality: 70, autoFormat: true, errorCacheTtlSeconds: 300 },
    });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('shop\n    s3://imgfront-demo/shop');
  });

  it('shows the diff and refuses to overwrite without --yes when not on a terminal, then overwrites with it', async () => {
    await harness.cli(['endpoint', 'put', writeJson('v1.json', shop(70)), '--yes']);
    const file = writeJson('v2.json', shop(55));

    const refused = await harness.cli(['endpoint', 'put', file]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('~ settings.defaultQuality: 70 -> 55');
    expect(refused.stderr).toMatch(/Refusing without --yes/);

    const unchanged = await harness.cli(['endpoint', 'get', 'shop', '-o', 'json']);
    expect(unchanged.json()).toMatchObject({ settings: { defaultQuality: 70 } });

    const accepted = await harness.cli(['endpoint', 'put', file, '--yes', '-o', 'json']);
    expect(accepted.code).toBe(0);
    expect(accepted.json()).toEqual({
      id: 'shop',
      action: 'updated',
      changes: [{ path: 'settings.defaultQuality', kind: 'changed', before: 70, after: 55 }],
      // The edge enforces nothing about quality: the store is already up to date.
      edgeSync: { put: 0, deleted: 0 },
    });
  });

  it('names every invalid field with its line and stores nothing', async () => {
    const file = join(harness.dir, 'bad.json');
    writeFileSync(
      file,
      [
        '{',
        '  "id": "bad-endpoint",',
        '  "origins": [',
        '    { "type": "s3", "bucket": "Not_A_Bucket" },',
        '    { "type": "web", "baseUrl": "ftp://files.example.com/" }',
        '  ],',
        '  "settings": { "defaultQuality": "high" }',
        '}',
      ].join('\n'),
    );
    const result = await harness.cli(['endpoint', 'put', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('origins.0.bucket (line 4): must be a valid S3 bucket name');
    expect(result.stderr).toContain('origins.1.baseUrl (line 5): must be an http or https URL');
    expect(result.stderr).toContain('settings.defaultQuality (line 7)');
    expect((await harness.cli(['endpoint', 'get', 'bad-endpoint'])).code).toBe(1);
  });

  it('creates an endpoint from a YAML file and names a bad field by its YAML line', async () => {
    const file = join(harness.dir, 'gallery.yaml');
    const yaml = (bucket: string) =>
      `# gallery\nid: gallery\norigins:\n  - type: s3\n    bucket: ${bucket}\nsettings:\n  avif: false\n`;
    writeFileSync(file, yaml('Not_A_Bucket'));
    const refused = await harness.cli(['endpoint', 'put', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('origins.0.bucket (line 5): must be a valid S3 bucket name');

    writeFileSync(file, yaml('imgfront-demo'));
    const created = await harness.cli(['endpoint', 'put', file]);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Created endpoint "gallery"');
    const got = await harness.cli(['endpoint', 'get', 'gallery', '-o', 'json']);
    expect(got.json()).toMatchObject({ origins: [{ bucket: 'imgfront-demo' }], settings: { avif: false } });
  });

  it('answers usage errors with exit code 2: a missing file, a bad id, an unknown flag or command', async () => {
    const runs = await Promise.all([
      harness.cli(['endpoint', 'put', join(harness.dir, 'absent.yaml')]),
      harness.cli(['endpoint', 'get', '../etc']),
      harness.cli(['endpoint', 'list', '--colour']),
      runCliProcess(['endpoint', 'rename', 'a', 'b', '--output', 'json']),
    ]);
    expect(runs.map((run) => run.code)).toEqual([2, 2, 2, 2]);
    expect(runs[0]?.stderr).toMatch(/cannot read .*absent\.yaml: ENOENT/);
    expect(runs[2]?.stderr).toMatch(/--colour/);
    expect(runs[3]?.json()).toMatchObject({
      error: { code: 'USAGE', message: expect.stringMatching(/unknown command/) },
    });
  });

  it('deletes only with --yes, and a deleted default endpoint stops serving unmatched paths', async () => {
    await harness.cli([
      'endpoint',
      'put',
      writeJson('main.json', shop(80, { id: 'main', isDefault: true })),
      '-y',
    ]);
    expect((await storedDefault())?.id).toBe('main');

    const refused = await harness.cli(['endpoint', 'delete', 'main']);
    expect(refused.code).toBe(2);
    expect((await storedDefault())?.id).toBe('main');

    const deleted = await harness.cli(['endpoint', 'delete', 'main', '--yes']);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain('it was the default endpoint');
    expect(await storedDefault()).toBeUndefined();
    const gone = await harness.cli(['endpoint', 'get', 'main', '-o', 'json']);
    expect(gone.code).toBe(1);
    expect(gone.json()).toMatchObject({ error: { code: 'ENOENT' } });
  });

  it('prints help with exit code 0, and no command at all is a usage error', async () => {
    const [help, none] = await Promise.all([runCliProcess(['--help']), runCliProcess([])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/endpoint put\s+Create or update an endpoint/);
    expect(help.stdout).toContain('2  usage error');
    expect(none.code).toBe(2);
  });
});
