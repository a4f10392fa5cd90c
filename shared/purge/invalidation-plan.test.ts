import { coarsenWildcards } from './coarsen-wildcards';
import { cutAtEscapeBoundary, prefixOf, wildcardPathFor } from './invalidation-path';
import { MAX_WILDCARDS_IN_PROGRESS, planInvalidation } from './invalidation-plan';

const idle = { wildcards: 0, files: 0 };
const photos = (count: number, folder = 'photos') =>
  Array.from({ length: count }, (_, index) => `/demo/${folder}/${String(index).padStart(4, '0')}.jpg*`);

describe('invalidation paths', () => {
  it('encodes each segment and ends in the wildcard', () => {
    expect(wildcardPathFor(['demo', 'été 2024', 'a+b&c.jpg'])).toBe(
      '/demo/%C3%A9t%C3%A9%202024/a%2Bb%26c.jpg*',
    );
  });

  it('never cuts inside a percent escape', () => {
    expect(cutAtEscapeBoundary('/demo/%C3%A9', 9)).toBe('/demo/%C3');
    expect(cutAtEscapeBoundary('/demo/%C3%A9', 10)).toBe('/demo/%C3');
    expect(cutAtEscapeBoundary('/demo/%C3%A9', 12)).toBe('/demo/%C3%A9');
    const long = wildcardPathFor(['demo', 'é'.repeat(2000)]);
    expect(long.length).toBeLessThanOrEqual(4000);
    expect(long).toMatch(/^\/demo\/(%C3%A9)+(%C3)?\*$/);
  });
});

describe('planInvalidation', () => {
  it('sends every distinct path as it is when CloudFront has room', () => {
    const plan = planInvalidation(['/demo/a.jpg*', '/demo/b.jpg*', '/demo/a.jpg*', '/demo/c.jpg'], idle);
    expect(plan.paths).toEqual(['/demo/a.jpg*', '/demo/b.jpg*', '/demo/c.jpg']);
  });

  it('drops paths a wider wildcard in the same batch already covers', () => {
    const plan = planInvalidation(['/demo/photos/*', '/demo/photos/a.jpg*', '/demo/photos/b.jpg'], idle);
    expect(plan.paths).toEqual(['/demo/photos/*']);
    expect(plan.covers('/demo/photos/b.jpg')).toBe(true);
  });

  it('merges 5,000 wildcards into at most the free wildcard slots, covering every one', () => {
    const requested = [...photos(4000), ...photos(1000, 'banners')];
    const plan = planInvalidation(requested, idle);
    expect(plan.paths.length).toBeLessThanOrEqual(MAX_WILDCARDS_IN_PROGRESS);
    expect(plan.paths.every((path) => path.startsWith('/demo/') && path.endsWith('*'))).toBe(true);
    expect(requested.every(plan.covers)).toBe(true);
  });

  it('merges the closest neighbours first, keeping the extra purge narrow', () => {
    const plan = planInvalidation(['/demo/a/1.jpg*', '/demo/a/2.jpg*', '/demo/b/1.jpg*', '/demo/c/1.jpg*'], {
      wildcards: MAX_WILDCARDS_IN_PROGRESS - 3,
      files: 0,
    });
    expect(plan.paths).toEqual(['/demo/a/*', '/demo/b/1.jpg*', '/demo/c/1.jpg*']);
  });

  it('never merges across endpoints; what does not fit waits', () => {
    const requested = ['/one/a.jpg*', '/two/a.jpg*', '/three/a.jpg*'];
    const plan = planInvalidation(requested, { wildcards: MAX_WILDCARDS_IN_PROGRESS - 2, files: 0 });
    expect(plan.paths).toEqual(['/one/a.jpg*', '/three/a.jpg*']);
    expect(plan.covers('/two/a.jpg*')).toBe(false);
  });

  it('sends nothing while every wildcard slot is taken', () => {
    const plan = planInvalidation(['/demo/a.jpg*'], { wildcards: MAX_WILDCARDS_IN_PROGRESS, files: 0 });
    expect(plan.paths).toEqual([]);
    expect(plan.covers('/demo/a.jpg*')).toBe(false);
  });

  it('limits file paths to the free file slots', () => {
    const files = Array.from({ length: 10 }, (_, index) => `/demo/${index}.jpg`);
    const plan = planInvalidation(files, { wildcards: 0, files: 2995 });
    expect(plan.paths).toHaveLength(5);
    expect(files.filter(plan.covers)).toHaveLength(5);
  });
});

describe('coarsenWildcards', () => {
  it('returns the prefixes unchanged when they fit', () => {
    expect(coarsenWildcards(['/demo/a', '/demo/b'], 2)).toEqual(['/demo/a', '/demo/b']);
  });

  it('merges on percent-escape boundaries only', () => {
    const prefixes = ['/demo/%C3%A9a.jpg', '/demo/%C3%A9b.jpg', '/demo/%C3%A8.jpg'].sort();
    const merged = coarsenWildcards(prefixes, 2);
    expect(merged).toEqual(['/demo/%C3%A8.jpg', '/demo/%C3%A9']);
    expect(merged.map((prefix) => prefixOf(`${prefix}*`))).toEqual(merged);
  });
});
