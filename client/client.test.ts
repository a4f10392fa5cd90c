import { runInNewContext } from 'node:vm';
import { buildSync } from 'esbuild';
import type { ImageLoader } from 'next/image';
import { parseChain } from '../shared/url/chain';
import { parseImageKitUrl } from '../shared/url/imagekit-dialect';
import { createImage, nextLoader, sizes, type CreateElement } from './index';

const location = { baseUrl: 'https://img.example.com', endpoint: 'shop' };
const stepsOf = (url: string) => {
  const { pathname, search } = new URL(url);
  return parseImageKitUrl({ rawPath: pathname, rawQueryString: search.slice(1) }).steps;
};

/** The entry as a browser bundle: esbuild refuses Node built-ins on the browser platform. */
const browserBundle = (entry: string) =>
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'imgfront',
    write: false,
    logLevel: 'silent',
  }).outputFiles[0]?.text ?? '';

describe('imgfront/client in a browser', () => {
  it('bundles for the browser and builds URLs with no Buffer, process or require', () => {
    const code = browserBundle(`${__dirname}/index.ts`);
    // Only what browsers provide: no Node globals at all.
    const sandbox = { URL, URLSearchParams, TextEncoder, TextDecoder, atob, btoa };
    const url = runInNewContext(
      `${code}; imgfront.buildUrl({ baseUrl: 'https://img.example.com', endpoint: 'shop', path: 'a b.jpg', transformations: 'w-400,l-text,ie-wqkgMjAyNiDihKI=,l-end' })`,
      sandbox,
    ) as string;
    expect(url).toBe('https://img.example.com/shop/a%20b.jpg?tr=w-400,l-text,ie-wqkgMjAyNiDihKI%3D,l-end');
  });

  it('keeps signing out: the HMAC module does not bundle for the browser (negative control)', () => {
    expect(() => browserBundle(`${__dirname}/../shared/signing/url-signature.ts`)).toThrow(/node:crypto/);
  });
});

describe('nextLoader', () => {
  // Typed as Next's own loader type: a mismatch with next/image fails the typecheck.
  const loader: ImageLoader = nextLoader({ ...location, transformations: 'c-at_max' });

  it("answers Next's width and quality with a canonical URL the service parses back", () => {
    const url = loader({ src: '/products/shoe.jpg', width: 640, quality: 75 });
    expect(url).toBe('https://img.example.com/shop/products/shoe.jpg?tr=w-640,c-at_max,q-75');
    expect(stepsOf(url)).toEqual(parseChain('c-at_max,w-640,q-75'));
  });

  it('leaves quality to the endpoint when Next sends none', () => {
    expect(stepsOf(loader({ src: 'shoe.jpg', width: 1080 }))).toEqual(parseChain('c-at_max,w-1080'));
  });
});

describe('sizes', () => {
  it('lists conditions narrowest first, then the fallback', () => {
    expect(
      sizes(
        [
          { maxWidth: 1024, size: '50vw' },
          { maxWidth: 640, size: '100vw' },
        ],
        '33vw',
      ),
    ).toBe('(max-width: 640px) 100vw, (max-width: 1024px) 50vw, 33vw');
  });
});

describe('createImage with React', () => {
  type ReactLike = { createElement: CreateElement<unknown> & ((type: unknown, props: unknown) => unknown) };
  const React = jest.requireActual<ReactLike>('react');
  const { renderToStaticMarkup } = jest.requireActual<{ renderToStaticMarkup(node: unknown): string }>(
    'react-dom/server',
  );
  const Image = createImage(React.createElement, location);
  const render = (props: Parameters<typeof Image>[0]) =>
    renderToStaticMarkup(React.createElement(Image, props));

  it('renders a fixed width as a 1x/2x srcset, lazy and async', () => {
    expect(render({ src: 'p.jpg', alt: 'A shoe', width: 400, height: 300 })).toBe(
      '<img src="https://img.example.com/shop/p.jpg?tr=w-400" srcSet="https://img.example.com/shop/p.jpg?tr=w-400 1x, ' +
        'https://img.example.com/shop/p.jpg?tr=w-400,dpr-2 2x" alt="A shoe" width="400" height="300" loading="lazy" decoding="async"/>',
    );
  });

  it('renders sizes as a srcset of widths, the transformations before the width', () => {
    const html = render({
      src: 'p.jpg',
      alt: '',
      sizes: '50vw',
      widths: [320, 640],
      transformations: 'e-grayscale',
    });
    expect(html).toContain(
      'srcSet="https://img.example.com/shop/p.jpg?tr=w-320,e-grayscale 320w, https://img.example.com/shop/p.jpg?tr=w-640,e-grayscale 640w"',
    );
    expect(html).toContain('sizes="50vw"');
    expect(html).toContain('src="https://img.example.com/shop/p.jpg?tr=w-640,e-grayscale"');
  });
});
