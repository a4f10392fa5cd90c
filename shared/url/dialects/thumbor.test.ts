import { parseImageKitUrl } from '../imagekit-dialect';
import { thumborDialect } from './thumbor';

const thumbor = (path: string) =>
  thumborDialect.parse({ endpointSegment: 'th', rawPath: path, rawQueryString: '' });
const imagekitTwin = (chain: string) =>
  parseImageKitUrl({ rawPath: '/th/a.jpg', rawQueryString: `tr=${chain}` }).steps;

const invalidNaming = (text: string) =>
  expect.objectContaining({ code: 'EINVALID', status: 400, message: expect.stringContaining(text) });

describe('the Thumbor dialect', () => {
  it.each([
    ['/unsafe/300x200/a.jpg', 'w-300,h-200,c-maintain_ratio,f-orig'],
    ['/unsafe/fit-in/300x200/a.jpg', 'w-300,h-200,c-at_max_enlarge,f-orig'],
    ['/unsafe/fit-in/300x200/filters:no_upscale()/a.jpg', 'w-300,h-200,c-at_max,f-orig'],
    [
      '/unsafe/fit-in/300x200/filters:fill(red):no_upscale()/a.jpg',
      'w-300,h-200,cm-pad_resize_no_enlarge,bg-red,f-orig',
    ],
    ['/unsafe/fit-in/300x200/filters:fill(00ff00)/a.jpg', 'w-300,h-200,cm-pad_resize,bg-00FF00,f-orig'],
    ['/unsafe/-300x-200/left/top/a.jpg', 'w-300,h-200,c-maintain_ratio,fo-top_left,fl-h_v,f-orig'],
    ['/unsafe/300x200/right/a.jpg', 'w-300,h-200,c-maintain_ratio,fo-right,f-orig'],
    ['/unsafe/10x20:110x70/50x0/a.jpg', 'cm-extract,x-10,y-20,w-100,h-50:w-50,c-maintain_ratio,f-orig'],
    ['/unsafe/trim/a.jpg', 't-true:f-orig'],
    [
      '/unsafe/300x0/smart/filters:quality(80):format(webp):grayscale():rotate(90)/a.jpg',
      'w-300,c-maintain_ratio,fo-auto,q-80,f-webp,e-grayscale:rt-270',
    ],
    ['/unsafe/filters:blur(5):strip_exif():rotate(45)/a.jpg', 'bl-5,f-orig'],
    ['/unsafe/a.jpg', 'f-orig'],
  ])('%s parses to the same spec as its ImageKit twin tr:%s', (path, chain) => {
    expect(thumbor(path).steps).toEqual(imagekitTwin(chain));
    expect(thumbor(path).path.segments).toEqual(['a.jpg']);
  });

  it('reads the signature segment and the raw text after it, by position', () => {
    const request = thumbor(
      '/8ammJH8D-7tXy6kU3lTvoXlhu4o%3D/300x200/my.server.com/8ammJH8D-7tXy6kU3lTvoXlhu4o%3D/x.jpg',
    );
    expect(request.signature).toEqual({
      value: '8ammJH8D-7tXy6kU3lTvoXlhu4o=',
      expiresAt: undefined,
      message: '300x200/my.server.com/8ammJH8D-7tXy6kU3lTvoXlhu4o%3D/x.jpg',
    });
    expect(request.path.segments).toEqual(['my.server.com', '8ammJH8D-7tXy6kU3lTvoXlhu4o=', 'x.jpg']);
    expect(thumbor('/unsafe/a.jpg').signature).toBeUndefined();
  });

  it.each([
    ['/unsafe/meta/a.jpg', 'The Thumbor parameter "meta" is not supported'],
    ['/unsafe/debug/a.jpg', 'The Thumbor parameter "debug"'],
    ['/unsafe/adaptive-fit-in/10x10/a.jpg', '"adaptive-fit-in"'],
    ['/unsafe/full-fit-in/10x10/a.jpg', '"full-fit-in"'],
    ['/unsafe/trim:top-left/a.jpg', '"trim:top-left"'],
    ['/unsafe/origx100/a.jpg', '"width orig"'],
    ['/unsafe/filters:watermark(x.png,0,0,0)/a.jpg', 'The Thumbor parameter "watermark()" is not supported'],
    ['/unsafe/filters:fill(auto)/a.jpg', '"fill(auto)"'],
    ['/unsafe/filters:format(heif)/a.jpg', '"format(heif)"'],
    ['/unsafe/filters:sepia()/a.jpg', 'Unknown Thumbor filter parameter "sepia"'],
    ['/unsafe/filters:quality(101)/a.jpg', 'for parameter "quality" but received "101"'],
    ['/unsafe/filters:blur(500)/a.jpg', 'for parameter "blur" but received "500"'],
    ['/unsafe/20x20:10x10/a.jpg', 'needs C > A and D > B'],
    ['/short/a.jpg', 'starts with "unsafe/" or its signature'],
    ['/unsafe/', 'names no file'],
    ['/unsafe/300x200/../a.jpg', '".."'],
  ])('%s answers 400 naming the problem', (path, message) => {
    expect(() => thumbor(path)).toThrow(invalidNaming(message));
  });
});
