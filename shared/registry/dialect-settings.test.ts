import { parseEndpoint } from './endpoint-schema';

const endpoint = (settings: Record<string, unknown>) =>
  parseEndpoint({ id: 'e', origins: [{ type: 's3', bucket: 'abc' }], settings });

describe('dialect and signing scheme settings', () => {
  it('default to the ImageKit dialect and its default scheme', () => {
    const parsed = endpoint({});
    expect(parsed.ok && [parsed.endpoint.settings.dialect, parsed.endpoint.settings.signing.scheme]).toEqual([
      'imagekit',
      undefined,
    ]);
  });

  it.each([
    ['imagekit', 'imagekit'],
    ['imagekit', 'imgfront'],
    ['imgix', 'imgix'],
    ['thumbor', 'thumbor'],
    ['cloudinary', 'cloudinary'],
  ])('accept the %s dialect with the %s scheme', (dialect, scheme) => {
    expect(endpoint({ dialect, signing: { scheme } }).ok).toBe(true);
  });

  it("checks named transformations in the endpoint's own dialect", () => {
    const cloudinary = { thumb: 'c_fill,w_200,h_200/e_grayscale' };
    expect(endpoint({ dialect: 'cloudinary', namedTransformations: cloudinary }).ok).toBe(true);
    expect(endpoint({ namedTransformations: { thumb: 'w-200,h-200' } }).ok).toBe(true);
  });

  it.each([
    [
      { dialect: 'cloudinary', namedTransformations: { thumb: 'w-200' } },
      'settings.namedTransformations.thumb: Not a Cloudinary transformation component: "w-200"',
    ],
    [
      { namedTransformations: { thumb: 'c_fill,w_200' } },
      'settings.namedTransformations.thumb: Unknown transformation parameter',
    ],
    [{ dialect: 'cloudinary', namedTransformations: { a: 't_b' } }, 'cannot use another (t_) itself'],
    [
      { dialect: 'imgix', signing: { scheme: 'imagekit' } },
      'settings.signing.scheme: signing.scheme does not fit the dialect',
    ],
    [{ dialect: 'fastly' }, 'settings.dialect'],
    [{ signing: { scheme: 'md5' } }, 'settings.signing.scheme'],
  ])('refuse %j, naming the field', (settings, message) => {
    const parsed = endpoint(settings);
    expect(parsed.ok ? '' : parsed.message).toContain(message);
  });
});
