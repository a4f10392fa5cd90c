import { DEMO_BUCKET } from '../../local/local-stack';
import { startCliHarness, type CliHarness } from './support/cli-harness';

let harness: CliHarness;

beforeAll(async () => {
  harness = await startCliHarness();
  const origins = [{ type: 's3' as const, bucket: DEMO_BUCKET, prefix: 'media' }];
  await harness.stack.putEndpoint({ id: 'th', origins, settings: { dialect: 'thumbor' } });
  await harness.stack.putEndpoint({ id: 'ix', origins, settings: { dialect: 'imgix' } });
  await harness.stack.putEndpoint({ id: 'site', isDefault: true, origins });
});
afterAll(() => harness.close());

describe('imgfront purge <url> in any dialect', () => {
  it.each([
    ['a Thumbor URL', '/th/unsafe/300x200/filters:quality(80)/shoes/a.jpg', 'th', 'shoes/a.jpg', ['/th/*']],
    ['an imgix URL', '/ix/shoes/a.jpg?w=300&fit=crop', 'ix', 'shoes/a.jpg', ['/ix/shoes/a.jpg*']],
    [
      "Next.js's route",
      '/_next/image?url=%2Fshoes%2Fa.jpg&w=640&q=75',
      'site',
      'shoes/a.jpg',
      [
        '/site/shoes/a.jpg*',
        '/site/ik-seo/shoes/a/*',
        '/shoes/a.jpg*',
        '/ik-seo/shoes/a/*',
        '/cdn-cgi/image/*',
        '/_next/image?url=%2Fshoes%2Fa.jpg*',
      ],
    ],
  ])(
    '%s purges the original it names, in every form it is cached',
    async (_case, url, endpointId, path, paths) => {
      const result = await harness.cli(['purge', `${harness.stack.cdnUrl}${url}`, '-o', 'json']);
      expect(result.code).toBe(0);
      expect(result.json<{ targets: unknown[] }>()).toMatchObject({ targets: [{ endpointId, path, paths }] });
    },
  );

  it('refuses a URL its dialect refuses, naming the problem (exit 2)', async () => {
    const result = await harness.cli(['purge', `${harness.stack.cdnUrl}/th/short/a.jpg`]);
    expect([result.code, result.stderr]).toEqual([
      2,
      expect.stringContaining('starts with "unsafe/" or its signature'),
    ]);
  });
});
