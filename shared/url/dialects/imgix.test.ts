import { parseImageKitUrl } from '../imagekit-dialect';
import { imgixDialect } from './imgix';

const imgix = (query: string) =>
  imgixDialect.parse({ endpointSegment: 'ix', rawPath: '/photos/cat.jpg', rawQueryString: query });
const imagekitTwin = (chain: string) =>
  parseImageKitUrl({ rawPath: '/ix/photos/cat.jpg', rawQueryString: `tr=${chain}` }).steps;

/** A 400 EINVALID whose message contains `text`. */
const invalidNaming = (text: string) =>
  expect.objectContaining({ code: 'EINVALID', status: 400, message: expect.stringContaining(text) });

describe('the imgix dialect', () => {
  it.each([
    ['w=400&h=300', 'w-400,h-300,c-at_max_enlarge,f-orig'],
    ['w=400&h=300&fit=crop&crop=top,left', 'w-400,h-300,c-maintain_ratio,fo-top_left,f-orig'],
    ['w=400&h=300&fit=max', 'w-400,h-300,c-at_max,f-orig'],
    ['w=100&h=100&fit=scale&fm=webp&q=60', 'w-100,h-100,c-force,f-webp,q-60'],
    ['w=200&h=200&fit=fill&fill-color=FF0000', 'w-200,h-200,cm-pad_resize,bg-FF0000,f-orig'],
    ['w=200&h=200&fit=fillmax&bg=80FF0000', 'w-200,h-200,cm-pad_resize_no_enlarge,bg-FF000050,f-orig'],
    ['w=300&ar=16:9&fit=crop', 'w-300,ar-16-9,c-maintain_ratio,f-orig'],
    ['w=0.5&dpr=2&auto=format,compress', 'w-0.5,dpr-2,c-at_max_enlarge,f-auto'],
    ['fm=pjpg&flip=hv&sat=-100&trim=auto&lossless=1', 'f-jpeg,pr-true,fl-h_v,e-grayscale,t-true,lo-true'],
    ['fm=webp&auto=format', 'f-webp'],
    ['width=120&height=80&ixlib=js-3.8.0', 'w-120,h-80,c-at_max_enlarge,f-orig'],
    ['fm64=d2VicA', 'f-webp'],
    ['rect=10,20,100,50&w=50', 'cm-extract,x-10,y-20,w-100,h-50:w-50,c-at_max_enlarge,f-orig'],
    ['or=90&w=50', 'rt-90:w-50,c-at_max_enlarge,f-orig'],
  ])('?%s parses to the same spec as its ImageKit twin tr:%s', (query, chain) => {
    expect(imgix(query).steps).toEqual(imagekitTwin(chain));
  });

  it('takes the file path from the rest of the URL and reads no version', () => {
    expect(imgix('')).toMatchObject({ path: { segments: ['photos', 'cat.jpg'] }, version: undefined });
  });

  it.each([
    ['mark=logo.png', 'The imgix parameter "mark" is not supported'],
    ['m=logo.png', 'The imgix parameter "mark" is not supported'],
    ['txt64=SGk', 'The imgix parameter "txt" is not supported'],
    ['w=100&h=100&fit=facearea', 'The imgix parameter "fit=facearea" is not supported'],
    ['w=100&h=100&fit=crop&crop=faces', 'The imgix parameter "crop=faces" is not supported'],
    ['fm=png8', 'The imgix parameter "fm=png8" is not supported'],
    ['auto=enhance', 'The imgix parameter "auto=enhance" is not supported'],
    ['rot=10', 'The imgix parameter "rot" is not supported'],
    ['sat=-50', 'The imgix parameter "sat" other than -100'],
    ['utm_source=mail', 'Unknown imgix parameter "utm_source"'],
    ['w=abc', 'for parameter "w" but received "abc"'],
    ['w=-5', 'for parameter "w" but received "-5"'],
    ['q=101', 'for parameter "q" but received "101"'],
    ['bg=12345', 'for parameter "bg" but received "12345"'],
    ['w=100&width=200', 'Query parameter "w" is given twice'],
    ['fill=blur&w=10', 'Parameter "fill" needs fit=fill'],
    ['constructor=1', 'Unknown imgix parameter "constructor"'],
  ])('?%s answers 400 naming the parameter', (query, message) => {
    expect(() => imgix(query)).toThrow(invalidNaming(message));
  });

  it('cuts imgix\'s signed text from the raw target: full path and query, without "s"', () => {
    const request = imgixDialect.parse({
      endpointSegment: 'ix',
      rawPath: '/a%20b.jpg',
      rawQueryString: 'w=1%30%30&s=ABCDEF&expires=99',
    });
    expect(request.signature).toEqual({
      value: 'abcdef',
      expiresAt: 99,
      message: '/ix/a%20b.jpg?w=1%30%30&expires=99',
    });
  });
});
