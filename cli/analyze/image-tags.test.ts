import { findImages } from './image-tags';

const PAGE = 'http://shop.test/products/index.html';

describe('findImages: the tolerant tag scanner', () => {
  it('finds img src and srcset, picture sources, with the rendered size the markup states', () => {
    const html = `<html><body>
      <IMG SRC=hero.jpg width="800" height=600 alt='a > b'>
      <img src="/a.png" srcset="/a-400.png 400w, /a-800.png 800w" width="50%">
      <picture><source srcset="/p.avif 1x, /p@2x.avif 2x" type="image/avif"><img src="/p.jpg" width=300></picture>
      <source srcset="/outside.webp">
    </body></html>`;
    expect(findImages(html, PAGE)).toEqual([
      {
        url: 'http://shop.test/products/hero.jpg',
        from: 'img src',
        renderedWidth: 800,
        renderedHeight: 600,
        targetWidth: 800,
      },
      { url: 'http://shop.test/a.png', from: 'img src', renderedWidth: undefined, renderedHeight: undefined },
      // A width descriptor is the width that file stands for, whatever the rendered size.
      {
        url: 'http://shop.test/a-400.png',
        from: 'img srcset',
        renderedWidth: undefined,
        renderedHeight: undefined,
        descriptor: '400w',
        targetWidth: 400,
      },
      {
        url: 'http://shop.test/a-800.png',
        from: 'img srcset',
        renderedWidth: undefined,
        renderedHeight: undefined,
        descriptor: '800w',
        targetWidth: 800,
      },
      // A density descriptor needs a rendered width to mean a pixel width; the <source> states none.
      {
        url: 'http://shop.test/p.avif',
        from: 'source srcset',
        renderedWidth: undefined,
        renderedHeight: undefined,
        descriptor: '1x',
      },
      {
        url: 'http://shop.test/p@2x.avif',
        from: 'source srcset',
        renderedWidth: undefined,
        renderedHeight: undefined,
        descriptor: '2x',
      },
      {
        url: 'http://shop.test/p.jpg',
        from: 'img src',
        renderedWidth: 300,
        renderedHeight: undefined,
        targetWidth: 300,
      },
    ]);
  });

  it('reads x descriptors against the rendered width, and a pixel `sizes` default as the rendered width', () => {
    const html = `<img src="/t.jpg" srcset="/t.jpg 1x, /t@2x.jpg 2x, /t@1.5x.jpg 1.5x" width="320">
      <img srcset="/s-600.jpg 600w" sizes="(max-width: 600px) 100vw, 450px">`;
    expect(
      findImages(html, PAGE).map(({ url, renderedWidth, targetWidth }) => [
        new URL(url).pathname,
        renderedWidth,
        targetWidth,
      ]),
    ).toEqual([
      ['/t.jpg', 320, 320],
      ['/t@2x.jpg', 320, 640],
      ['/t@1.5x.jpg', 320, 480],
      ['/s-600.jpg', 450, 600],
    ]);
  });

  it('finds CSS backgrounds in style attributes and <style> blocks, with url() and image-set()', () => {
    const html = `<style>
        .hero { background: #000 url("/bg/hero.jpg") no-repeat; color: red }
        .tile { background-image: image-set(url(/bg/tile.webp) 1x, url('/bg/tile@2x.webp') 2x) }
        .font { src: url(/fonts/a.woff2) }
      </style>
      <div style="background-image:url(&quot;/bg/inline.png&quot;)"></div>
      <section style='background: url(data:image/gif;base64,R0lG)'></section>`;
    expect(findImages(html, PAGE)).toEqual(
      ['/bg/hero.jpg', '/bg/tile.webp', '/bg/tile@2x.webp', '/bg/inline.png'].map((path) => ({
        url: `http://shop.test${path}`,
        from: 'css background',
      })),
    );
  });

  it('ignores comments, scripts, data: and javascript: URLs, and honours <base href>', () => {
    const html = `<base href="https://cdn.test/assets/"><!-- <img src="gone.jpg"> -->
      <script>document.write('<img src="script.jpg">')</script>
      <img src="data:image/png;base64,AAAA"><img src="javascript:alert(1)"><img src="kept.jpg?v=1&amp;x=2">`;
    expect(findImages(html, PAGE).map((image) => image.url)).toEqual([
      'https://cdn.test/assets/kept.jpg?v=1&x=2',
    ]);
  });

  it('never throws on broken markup: unterminated tags, quotes, comments, huge attributes', () => {
    for (const html of [
      '<img src="a.jpg',
      '<img src=a.jpg width=>',
      '<!-- <img',
      `<img ${'x'.repeat(100_000)}>`,
      '<img src="http://[bad">',
    ]) {
      expect(() => findImages(html, PAGE)).not.toThrow();
    }
    expect(findImages('<img src="one.jpg"><img src="one.jpg">', PAGE)).toHaveLength(1);
  });
});
