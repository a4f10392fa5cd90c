import { endpointSchema, type Endpoint, type EndpointInput } from '../registry/endpoint-schema';
import { objectKeyFor } from '../origins/s3/s3-origin';
import { endpointFilesForObject, objectsForEndpointPath } from './endpoint-paths';
import type { StoredVersion } from './object-version';
import { purgeReason } from './purge-decision';
import { purgeRequestFor, versionPurgeId } from './purge-request';
import { normalizeSequencer } from './sequencer';

const endpoint = (input: EndpointInput): Endpoint => endpointSchema.parse(input);
const s3 = (bucket: string, prefix = '') => ({ type: 's3' as const, bucket, prefix });

const demo = endpoint({ id: 'demo', origins: [s3('media-bucket', 'images')] });
const shop = endpoint({
  id: 'shop',
  origins: [{ type: 'web', baseUrl: 'https://example.com/' }, s3('media-bucket')],
});
const other = endpoint({ id: 'other', origins: [s3('other-bucket')] });

const version = (fields: Partial<StoredVersion> = {}): StoredVersion => ({
  bucket: 'media-bucket',
  key: 'images/summer/beach.jpg',
  sequencer: normalizeSequencer('A2'),
  updatedAt: 1_700_000_000_000,
  deleted: false,
  etag: 'new',
  ...fields,
});
const live = { sequencer: normalizeSequencer('A1'), etag: 'old', deleted: false };

describe('mapping bucket keys to endpoint paths', () => {
  it('maps a key to every endpoint whose S3 origin holds it, without the prefix', () => {
    const files = endpointFilesForObject([demo, shop, other], 'media-bucket', 'images/summer/beach.jpg');
    expect(files.map((file) => [file.endpoint.id, file.path.segments.join('/')])).toEqual([
      ['demo', 'summer/beach.jpg'],
      ['shop', 'images/summer/beach.jpg'],
    ]);
  });

  it('matches the prefix by whole segment, exactly as the S3 origin builds keys', () => {
    expect(endpointFilesForObject([demo], 'media-bucket', 'images-old/beach.jpg')).toEqual([]);
    const [file] = endpointFilesForObject([demo], 'media-bucket', 'images/été/猫.png');
    expect(file && objectKeyFor({ prefix: 'images' }, file.path)).toBe('images/été/猫.png');
  });

  it('leaves out keys no URL can name', () => {
    for (const key of ['images/a//b.jpg', 'images/../secret.jpg', 'images/', 'images/tab\there.jpg']) {
      expect(endpointFilesForObject([demo], 'media-bucket', key)).toEqual([]);
    }
  });

  it('lists the objects an endpoint path may come from, in origin order', () => {
    expect(objectsForEndpointPath(demo, { segments: ['summer', 'beach.jpg'] })).toEqual([
      { bucket: 'media-bucket', key: 'images/summer/beach.jpg' },
    ]);
  });
});

describe('purge decisions', () => {
  it.each<[string, string | undefined, Partial<StoredVersion>]>([
    ['an overwrite', 'overwritten', { previous: live }],
    ['identical bytes re-uploaded', undefined, { etag: 'old', previous: live }],
    ['a delete', 'deleted', { deleted: true, etag: undefined, previous: live }],
    [
      'a delete of an object never seen (uploaded before imgfront)',
      'deleted',
      { deleted: true, etag: undefined },
    ],
    ['a second delete', undefined, { deleted: true, previous: { ...live, deleted: true } }],
    ['a create after a delete', 'recreated', { previous: { sequencer: live.sequencer, deleted: true } }],
    ['a first create', undefined, {}],
  ])('%s -> %s', (_, reason, fields) => {
    expect(purgeReason(version(fields), demo)).toBe(reason);
  });

  it('purges a first create where a default image may have been cached in its place', () => {
    const withDefault = endpoint({
      id: 'demo',
      origins: [s3('media-bucket')],
      settings: { defaultImage: 'x.png' },
    });
    expect(purgeReason(version(), withDefault)).toBe('fallback-cached');
  });

  it('purges nothing for an endpoint with purgeOnChange off', () => {
    const quiet = endpoint({
      id: 'quiet',
      origins: [s3('media-bucket')],
      settings: { purgeOnChange: false },
    });
    expect(purgeReason(version({ previous: live }), quiet)).toBeUndefined();
  });
});

describe('purge requests', () => {
  it('asks for one wildcard per endpoint path, percent-encoded like the URL builder', () => {
    const request = purgeRequestFor(
      version({ key: 'images/été 2024/猫.png', previous: live }),
      [demo, shop],
      5,
    );
    expect(request).toEqual({
      id: versionPurgeId(version({ key: 'images/été 2024/猫.png' })),
      paths: [
        '/demo/%C3%A9t%C3%A9%202024/%E7%8C%AB.png*',
        // ImageKit's SEO URLs of the file, whatever name and extension they give it.
        '/demo/ik-seo/%C3%A9t%C3%A9%202024/%E7%8C%AB/*',
        '/shop/images/%C3%A9t%C3%A9%202024/%E7%8C%AB.png*',
        '/shop/ik-seo/images/%C3%A9t%C3%A9%202024/%E7%8C%AB/*',
      ],
      requestedAt: 5,
    });
  });

  it('also purges the id-less URLs of a default endpoint', () => {
    const fallback = endpoint({ id: 'main', isDefault: true, origins: [s3('media-bucket')] });
    expect(purgeRequestFor(version({ key: 'a.jpg', previous: live }), [fallback], 5)?.paths).toEqual([
      '/main/a.jpg*',
      '/main/ik-seo/a/*',
      '/a.jpg*',
      '/ik-seo/a/*',
      // The deployment-wide routes serve a default endpoint's files too (dialect-purge-paths.test.ts).
      '/cdn-cgi/image/*',
      '/_next/image?url=%2Fa.jpg*',
    ]);
  });

  it('stops the wildcard before a literal "*" in a key, which CloudFront allows only at the end', () => {
    expect(purgeRequestFor(version({ key: 'images/star*ry.jpg', previous: live }), [demo], 5)?.paths).toEqual(
      ['/demo/star*', '/demo/ik-seo/star*'],
    );
  });

  it('purges the chain-in-path forms of signed ImageKit URLs, before and after the SEO marker', () => {
    const signed = endpoint({
      id: 'signed',
      origins: [s3('media-bucket')],
      settings: { signing: { keys: [{ source: 'ssm', name: '/k' }] } },
    });
    expect(purgeRequestFor(version({ key: 'p/a.jpg', previous: live }), [signed], 5)?.paths).toEqual([
      '/signed/p/a.jpg*',
      '/signed/ik-seo/p/a/*',
      '/signed/tr:*',
      '/signed/ik-seo/tr:*',
    ]);
  });

  it('adds no SEO paths for the other dialects', () => {
    const imgix = endpoint({ id: 'ix', origins: [s3('media-bucket')], settings: { dialect: 'imgix' } });
    expect(purgeRequestFor(version({ key: 'a.jpg', previous: live }), [imgix], 5)?.paths).toEqual([
      '/ix/a.jpg*',
    ]);
  });

  it('asks for nothing when no endpoint needs a purge', () => {
    expect(purgeRequestFor(version(), [demo, shop], 5)).toBeUndefined();
    expect(purgeRequestFor(version({ bucket: 'unknown', previous: live }), [demo], 5)).toBeUndefined();
  });

  it('gives the same version the same purge id and different versions different ids', () => {
    expect(versionPurgeId(version())).toBe(versionPurgeId(version({ etag: 'whatever' })));
    expect(versionPurgeId(version())).not.toBe(
      versionPurgeId(version({ sequencer: normalizeSequencer('A3') })),
    );
  });
});
