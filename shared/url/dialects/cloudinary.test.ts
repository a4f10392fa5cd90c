import { parseImageKitUrl } from '../imagekit-dialect';
import { cloudinaryDialect } from './cloudinary';

const cloudinary = (path: string) =>
  cloudinaryDialect.parse({ endpointSegment: 'cl', rawPath: path, rawQueryString: '' });
const imagekitTwin = (chain: string) =>
  parseImageKitUrl({ rawPath: '/cl/a.jpg', rawQueryString: `tr=${chain}` }).steps;

const invalidNaming = (text: string) =>
  expect.objectContaining({ code: 'EINVALID', status: 400, message: expect.stringContaining(text) });

describe('the Cloudinary dialect', () => {
  it.each([
    ['/demo/image/upload/w_300,h_200/a.jpg', 'w-300,h-200,c-force,f-jpeg'],
    ['/demo/image/upload/c_scale,w_300,h_200/a.jpg', 'w-300,h-200,c-force,f-jpeg'],
    ['/demo/image/upload/c_scale,w_300/a.jpg', 'w-300,c-maintain_ratio,f-jpeg'],
    [
      '/demo/image/upload/c_fill,g_north_west,w_300,h_200/a.jpg',
      'w-300,h-200,c-maintain_ratio,fo-top_left,f-jpeg',
    ],
    ['/demo/image/upload/c_fit,w_300,h_200/a.jpg', 'w-300,h-200,c-at_max_enlarge,f-jpeg'],
    ['/demo/image/upload/c_limit,w_300,h_200/a.jpg', 'w-300,h-200,c-at_max,f-jpeg'],
    ['/demo/image/upload/c_lfill,w_300,h_200/a.jpg', 'w-300,h-200,c-maintain_ratio_no_enlarge,f-jpeg'],
    ['/demo/image/upload/c_pad,b_rgb:ff0000,w_300,h_200/a.jpg', 'w-300,h-200,cm-pad_resize,bg-FF0000,f-jpeg'],
    ['/demo/image/upload/c_crop,x_10,y_20,w_100,h_50/a.jpg', 'w-100,h-50,cm-extract,x-10,y-20,f-jpeg'],
    ['/demo/image/upload/c_fill,w_400,ar_16:9,g_auto/a.jpg', 'w-400,ar-16-9,c-maintain_ratio,fo-auto,f-jpeg'],
    ['/demo/image/upload/q_auto,f_auto/a.jpg', 'f-auto,q-auto'],
    ['/demo/image/upload/q_60,f_webp,fl_progressive/a.jpg', 'q-60,f-webp,pr-true'],
    ['/demo/image/upload/e_grayscale,a_90,r_max,o_50/a.jpg', 'e-grayscale,rt-90,r-max,o-50,f-jpeg'],
    ['/demo/image/upload/e_blur:400/a.jpg', 'bl-20,f-jpeg'],
    ['/demo/image/upload/bo_4px_solid_black/a.jpg', 'b-4_black,f-jpeg'],
    ['/demo/image/upload/c_scale,w_500/a_180/e_trim/a.jpg', 'w-500,c-maintain_ratio:rt-180:t-true,f-jpeg'],
    ['/demo/image/upload/d_fallback:missing.jpg/a.jpg', 'di-fallback@@missing.jpg,f-jpeg'],
    ['/demo/image/upload/v1234/a.jpg', 'f-jpeg'],
    ['/demo/image/upload/t_thumb/a.jpg', 'n-thumb,f-jpeg'],
    ['/demo/image/upload/t_thumb,q_50/a.jpg', 'n-thumb,q-50,f-jpeg'],
  ])('%s parses to the same spec as its ImageKit twin tr:%s', (path, chain) => {
    expect(cloudinary(path).steps).toEqual(imagekitTwin(chain));
  });

  it('reads the version, the folders of the public id, and fetch URLs for the web proxy', () => {
    expect(cloudinary('/demo/image/upload/w_10/v1234/shop/shoes/a.jpg')).toMatchObject({
      path: { segments: ['shop', 'shoes', 'a.jpg'] },
      version: '1234',
    });
    expect(cloudinary('/demo/image/fetch/w_10/https://images.example.com/a.jpg').path.segments).toEqual([
      'https:',
      'images.example.com',
      'a.jpg',
    ]);
  });

  it('converts to the format the extension names, and finds the public id stored under another one', () => {
    const request = cloudinary('/demo/image/upload/w_10/shop/a.png');
    expect(request.steps.at(-1)).toMatchObject({ format: 'png' });
    expect(request.path.segments).toEqual(['shop', 'a.png']);
    expect(request.alternatePaths?.map((path) => path.segments.join('/'))).toEqual(
      ['jpg', 'jpeg', 'webp', 'avif', 'gif', 'heic', 'heif', 'svg'].map((extension) => `shop/a.${extension}`),
    );
    expect(cloudinary('/demo/image/upload/f_auto/a.png').steps.at(-1)).toMatchObject({ format: 'auto' });
    // No extension: the stored file's own format; an extension no encoder writes keeps it too.
    expect(cloudinary('/demo/image/upload/w_10/a').steps.at(-1)).toMatchObject({ format: 'orig' });
    expect(cloudinary('/demo/image/upload/w_10/a').alternatePaths?.[0]?.segments).toEqual(['a.jpg']);
    expect(cloudinary('/demo/image/upload/a.heic').steps.at(-1)).toMatchObject({ format: 'orig' });
    // A fetched URL is the remote file itself.
    const fetched = cloudinary('/demo/image/fetch/w_10/https://images.example.com/a.png');
    expect([fetched.steps.at(-1)?.format, fetched.alternatePaths]).toEqual(['orig', undefined]);
  });

  it("cuts the SDK's signed text: transformations and public id, version left out, decoded", () => {
    expect(
      cloudinary('/test123/image/upload/s--Ai4Znfl3--/c_crop,h_20,w_10/v1234/image.jpg').signature,
    ).toEqual({
      value: 'Ai4Znfl3',
      expiresAt: undefined,
      message: 'c_crop,h_20,w_10/image.jpg',
    });
    expect(cloudinary('/demo/image/upload/s--abcdefgh--/a%2520b.jpg').signature?.message).toBe('a b.jpg');
  });

  it.each([
    ['/demo/video/upload/a.mp4', 'resource type video'],
    ['/demo/image/private/a.jpg', 'delivery type private'],
    ['/demo/image/upload/c_thumb,g_face,w_100/a.jpg', 'The Cloudinary parameter "c_thumb" is not supported'],
    ['/demo/image/upload/g_face,w_100/a.jpg', '"g_face"'],
    ['/demo/image/upload/w_auto/a.jpg', '"w_auto"'],
    ['/demo/image/upload/e_sepia/a.jpg', '"e_sepia"'],
    ['/demo/image/upload/l_logo,w_100/a.jpg', '"l_logo"'],
    ['/demo/image/upload/f_jxl/a.jpg', '"f_jxl"'],
    ['/demo/image/upload/fl_lossy/a.jpg', '"fl_lossy"'],
    ['/demo/image/upload/t_th!umb/a.jpg', 'Not a named transformation: "t_th!umb"'],
    ['/demo/image/upload/q_500/a.jpg', 'for parameter "q" but received "500"'],
    ['/demo/image/upload/w_100,w_200/a.jpg', 'Parameter "w" is given twice'],
    ['/demo/image/upload/x_10,w_100/a.jpg', 'The Cloudinary parameter "x" other than with c_crop'],
    ['/demo/image/upload/', 'empty segment'],
    ['/de mo/image/upload/a.jpg', 'starts with the cloud name'],
  ])('%s answers 400 naming the problem', (path, message) => {
    expect(() => cloudinary(path)).toThrow(invalidNaming(message));
  });
});
