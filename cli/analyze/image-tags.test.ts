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
      { url: 'http://shop.test/products/hero.jpg', from: 'img src', renderedWidth: 800, renderedHeight: 600 },
      { url: 'http://shop.test/a.png', from: 'img src', renderedWidth: undefined, renderedHeight: undefined },
      {
        url: 'http://shop.test/a-400.png',
        from: 'img srcset',
        renderedWidth: undefined,
        renderedHeight: undefined,
      },
      {
        url: 'http://shop.test/a-800.png',
        from: 'img srcset',
        renderedWidth: undefined,
        renderedHeight: undefined,
      },
      {
        url: 'http://shop.test/p.avif',
        from: 'source srcset',
        renderedWidth: undefined,
        renderedHeight: undefined,
      },
      {
        url: 'http://shop.test/p@2x.avif',
        from: 'source srcset',
        renderedWidth: undefined,
        renderedHeight: undefined,
      },
      { url: 'http://shop.test/p.jpg', from: 'img src', renderedWidth: 300, renderedHeight: undefined },
    ]);
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
