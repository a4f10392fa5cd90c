import { endpointSchema } from '../registry/endpoint-schema';
import { parseImageKitUrl } from '../url/imagekit-dialect';
import { parseCloudflare } from './cloudflare';
import { nextImageEndpoint, parseNextImage } from './next-image';

const site = endpointSchema.parse({
  id: 'site',
  isDefault: true,
  origins: [
    { type: 's3', bucket: 'media' },
    { type: 'webProxy', allowedHosts: ['images.example.com'] },
  ],
});
const imagekitTwin = (chain: string) =>
  parseImageKitUrl({ rawPath: '/a.jpg', rawQueryString: `tr=${chain}` }).steps;

const invalidNaming = (text: string) =>
  expect.objectContaining({ code: 'EINVALID', status: 400, message: expect.stringContaining(text) });

describe("Cloudflare's transform-via-URL options", () => {
  it.each([
    ['width=80,quality=75', 'w-80,q-75,c-at_max,f-orig'],
    ['w=100,h=100,fit=cover,gravity=left', 'w-100,h-100,c-maintain_ratio,fo-left,f-orig'],
    ['width=100,height=100,fit=contain', 'w-100,h-100,c-at_max_enlarge,f-orig'],
    ['width=100,height=100,fit=crop', 'w-100,h-100,c-maintain_ratio_no_enlarge,f-orig'],
    ['width=100,height=100,fit=pad,background=%23ff0000', 'w-100,h-100,cm-pad_resize,bg-FF0000,f-orig'],
    ['width=100,height=50,fit=squeeze,format=avif', 'w-100,h-50,c-force,f-avif'],
    ['f=auto,dpr=2,width=50,sharpen=2,flip=hv', 'f-auto,dpr-2,w-50,e-sharpen-2,fl-h_v,c-at_max'],
    ['rotate=90,width=50', 'rt-90:w-50,c-at_max,f-orig'],
    ['saturation=0,metadata=keep,blur=50', 'e-grayscale,md-true,bl-20,f-orig'],
    ['format=baseline-jpeg', 'f-jpeg,pr-false'],
  ])('%s parses to the same spec as its ImageKit twin tr:%s', (options, chain) => {
    expect(parseCloudflare(`${options}/uploads/a.jpg`, site).steps).toEqual(imagekitTwin(chain));
  });

  it('reads relative sources as files of the default endpoint and absolute ones for its web proxy', () => {
    expect(parseCloudflare('width=80/uploads/a.jpg', site).path.segments).toEqual(['uploads', 'a.jpg']);
    expect(parseCloudflare('width=80/https://images.example.com/a.jpg', site).path.segments).toEqual([
      'https:',
      'images.example.com',
      'a.jpg',
    ]);
  });

  it.each([
    ['width=80/https://evil.example/a.jpg', 'The source host is not allowed'],
    ['width=80/uploads/a.jpg?x=1', 'may not carry a query'],
    ['width=80,width=90/a.jpg', 'Option "width" is given twice'],
    ['trim=10;0;0;0/a.jpg', 'The Cloudflare parameter "trim" is not supported'],
    ['fit=outside/a.jpg', '"fit=outside"'],
    ['rotate=45/a.jpg', 'for parameter "rotate" but received "45"'],
    ['width80/a.jpg', 'Not a Cloudflare image option'],
    ['width=80', 'A Cloudflare image URL is /cdn-cgi/image/<options>/<source>'],
    ['width=80/../a.jpg', '".."'],
  ])('%s answers 400 naming the problem', (rest, message) => {
    expect(() => parseCloudflare(rest, site)).toThrow(invalidNaming(message));
  });
});

describe("Next.js's /_next/image", () => {
  it('parses what next/image requests to the same spec as its ImageKit twin', () => {
    expect(parseNextImage('url=%2Fa.jpg&w=640&q=75', site).steps).toEqual(
      imagekitTwin('w-640,c-at_max,q-75,f-auto'),
    );
  });

  it('uses the endpoint allow-lists, Next 16 defaults unless set', () => {
    expect(site.settings.next).toEqual({
      deviceSizes: [640, 750, 828, 1080, 1200, 1920, 2048, 3840],
      imageSizes: [32, 48, 64, 96, 128, 256, 384],
      qualities: [75],
      formats: ['image/webp'],
    });
    expect(() => parseNextImage('url=%2Fa.jpg&w=16&q=75', site)).toThrow(
      invalidNaming('"w" parameter (width) of 16 is not allowed'),
    );
  });

  it("offers AVIF by Accept only where next.formats lists it, as Next's optimizer (WebP only by default)", () => {
    expect(nextImageEndpoint(site).settings.avif).toBe(false);
    expect(nextImageEndpoint(site)).toBe(nextImageEndpoint(site));
    const withAvif = endpointSchema.parse({
      ...site,
      settings: { next: { formats: ['image/avif', 'image/webp'] } },
    });
    expect(nextImageEndpoint(withAvif)).toBe(withAvif);
    const noAvif = endpointSchema.parse({
      ...site,
      settings: { avif: false, next: { formats: ['image/avif', 'image/webp'] } },
    });
    expect(nextImageEndpoint(noAvif).settings.avif).toBe(false);
  });

  it.each([
    ['url=%2Fa.jpg%3Fv%3D2&w=640&q=75', '"url" parameter is not allowed'],
    ['url=%2F%255Fnext%2Fimage&w=640&q=75', '"url" parameter cannot be recursive'],
    ['url=%2F%5C%5B&w=640&q=75', '"url" parameter is invalid'],
  ])("?%s answers Next 16's own refusal: %s", (query, message) => {
    expect(() => parseNextImage(query, site)).toThrow(invalidNaming(message));
  });

  it('refuses next.formats without WebP, which imgfront always offers', () => {
    expect(() => endpointSchema.parse({ ...site, settings: { next: { formats: ['image/avif'] } } })).toThrow(
      /among next\.formats/,
    );
  });
});
