import { parseChain, serializeChain } from './chain';

const invalidSaying = (text: string) =>
  expect.objectContaining({ code: 'EINVALID', status: 400, message: expect.stringContaining(text) });

/** URLs from ImageKit's "Overlay using layers" page, which must parse and keep their meaning. */
const IMAGEKIT_EXAMPLES = [
  'w-300,h-300,l-image,i-logo.png,w-10,rt-90,l-end',
  'l-image,i-outer.png,l-image,i-inner.png,lfo-top_left,l-end,l-end',
  'l-text,ie-aGVsbG8=,l-end',
  'l-image,i-ik_canvas,bg-FF0000,w-300,h-100,l-end',
  'l-image,i-women-dress.jpeg,h-400,b-10_red,lfo-bottom_left,l-image,i-logo-white_SJwqB4Nfe.png,w-150,lfo-top_right,l-end,l-end',
  'l-text,i-overlay made easy,fs-45,bg-white,pa-25_50_75_100,l-end',
  'l-text,i-Hello World,ff-font-folder@@font-subfolder@@my-custom-font.ttf,fs-72,co-FFF000,l-end',
  'w-600,h-600:l-text,i-इमेजकिट के साथ,ff-fonts@@Poppins-Regular_Q15GrYWmL.ttf,fs-42,ia-left,pa-10,ly-N100,bg-FFFFFF75,co-145FDD,l-end',
];

describe('layer syntax', () => {
  it.each(IMAGEKIT_EXAMPLES)("parses ImageKit's example %s and round-trips its canonical form", (chain) => {
    const steps = parseChain(chain);
    const canonical = serializeChain(steps);
    expect(parseChain(canonical)).toEqual(steps);
    expect(serializeChain(parseChain(canonical))).toBe(canonical);
  });

  it("keeps the parent's parameters apart from the layer's", () => {
    const [step] = parseChain('w-300,h-300,l-image,i-logo.png,w-10,rt-90,l-end');
    expect(step).toMatchObject({ width: 300, height: 300 });
    expect(step?.layers).toEqual([
      { type: 'image', steps: [{ layerInput: 'logo.png', width: 10, rotate: 90 }] },
    ]);
  });

  it('nests layers inside layers, each holding its own', () => {
    const [step] = parseChain('l-image,i-outer.png,l-image,i-inner.png,lfo-top_left,l-end,l-end');
    const outer = step?.layers?.[0];
    expect(outer?.steps[0]?.layerInput).toBe('outer.png');
    expect(outer?.steps[0]?.layers?.[0]?.steps[0]).toEqual({
      layerInput: 'inner.png',
      layerFocus: 'top_left',
    });
  });

  it('chains steps inside a layer with ":" and moves layer-level fields to its first step', () => {
    const [step] = parseChain('l-image,i-logo.png,w-100:rt-90,lx-10,l-end,e-grayscale');
    expect(step?.layers?.[0]?.steps).toEqual([
      { layerInput: 'logo.png', width: 100, layerX: 10 },
      { rotate: 90 },
    ]);
    expect(step?.grayscale).toBe(true);
  });

  it('starts a new outer step after a layer when ":" follows "l-end"', () => {
    const steps = parseChain('l-text,i-hi,l-end:rt-90');
    expect(steps).toHaveLength(2);
    expect(steps[1]).toEqual({ rotate: 90 });
  });

  it('lets "ie" win over "i" and writes only it back', () => {
    const [step] = parseChain('l-text,i-ignored,ie-aGVsbG8=,l-end');
    expect(step?.layers?.[0]?.steps[0]).toEqual({ layerEncodedInput: 'hello' });
    expect(serializeChain(parseChain('l-text,i-ignored,ie-aGVsbG8=,l-end'))).toBe('l-text,ie-aGVsbG8=,l-end');
  });

  it('truncates text past 144 characters, as ImageKit does', () => {
    const [step] = parseChain(`l-text,i-${'é'.repeat(200)},l-end`);
    expect(step?.layers?.[0]?.steps[0]?.layerInput).toBe('é'.repeat(144));
  });

  it.each([
    ['l-image,i-a.png', 'is not closed with "l-end"'],
    ['l-image,i-a.png,l-image,i-b.png,l-end', 'is not closed with "l-end"'],
    ['w-100,l-end', '"l-end" closes no layer'],
    ['l-video,i-a.mp4,l-end', 'Unknown layer "l-video"'],
    ['l-image,w-100,l-end', 'needs an input'],
    ['lx-10', 'only valid inside a layer'],
    ['l-image,i-a.png,fs-20,l-end', 'only valid inside a text layer'],
    ['l-image,i-a.png,f-png,l-end', 'not inside a layer'],
    ['l-image,i-a.png,lx-1:lx-2,l-end', 'twice'],
    [
      'l-image,i-a.png,l-image,i-b.png,l-image,i-c.png,l-image,i-d.png,l-end,l-end,l-end,l-end',
      'at most 3 levels',
    ],
    [Array.from({ length: 26 }, () => 'l-text,i-x,l-end').join(','), 'at most 25 layers'],
  ])('refuses %s with 400 saying %s', (chain, message) => {
    expect(() => parseChain(chain)).toThrow(invalidSaying(message));
  });
});
