import { DEFAULT_LIMITS } from '../config/config';
import { readSourceInfo } from './source-info';
import { expandedUseCount } from './svg-references';

/** Each level references the one below `fanOut` times: fanOut^depth shapes. */
function useBomb(depth: number, fanOut = 10, inDefs = true): string {
  const levels = ['<rect id="l0" width="1" height="1"/>'];
  for (let level = 1; level <= depth; level++) {
    const uses = Array.from({ length: fanOut }, (_, i) => `<use href="#l${level - 1}" x="${i}"/>`).join('');
    levels.push(`<g id="l${level}">${uses}</g>`);
  }
  const body = inDefs ? `<defs>${levels.join('')}</defs>` : levels.join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">${body}<use href="#l${depth}"/></svg>`;
}

describe('counting what <use> references expand to', () => {
  it.each([
    ['no references', '<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>', 0],
    ['one reference', '<svg><defs><circle id="c" r="2"/></defs><use xlink:href="#c"/></svg>', 1],
  ])('counts %s', (_case, svg, count) => {
    expect(expandedUseCount(svg)).toBe(count);
  });

  it('counts a fan-out at least as fully as a renderer expands it', () => {
    expect(expandedUseCount(useBomb(2))).toBeGreaterThanOrEqual(111);
    expect(expandedUseCount(useBomb(6))).toBeGreaterThanOrEqual(1_000_000);
    expect(expandedUseCount(useBomb(6, 10, false))).toBeGreaterThanOrEqual(1_000_000);
  });

  it('counts a reference cycle as infinite', () => {
    const svg = '<svg><g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></svg>';
    expect(expandedUseCount(svg)).toBe(Infinity);
  });

  it('refuses a use bomb with 400 ELIMIT before any rendering, and accepts modest reuse', async () => {
    await expect(readSourceInfo(Buffer.from(useBomb(6)), DEFAULT_LIMITS)).rejects.toMatchObject({
      code: 'ELIMIT',
      status: 400,
    });
    await expect(readSourceInfo(Buffer.from(useBomb(3)), DEFAULT_LIMITS)).resolves.toMatchObject({
      format: 'svg',
    });
  });
});

describe('counting stays cheap on hostile markup', () => {
  it.each([
    [
      '20,000 nested groups',
      `<svg>${'<g id="x">'.repeat(20_000)}<use href="#x"/>${'</g>'.repeat(20_000)}</svg>`,
    ],
    [
      'a chain of 50,000 references',
      `<svg>${Array.from({ length: 50_000 }, (_, i) => `<g id="g${i}"><use href="#g${i + 1}"/></g>`).join('')}</svg>`,
    ],
  ])('counts %s as infinite', (_case, svg) => {
    expect(expandedUseCount(svg)).toBe(Infinity);
  });
});
