import { attachmentDisposition } from './content-disposition';

describe('attachmentDisposition', () => {
  it.each([
    ['eiffel-tower', 'jpeg', 'attachment; filename="eiffel-tower.jpg"'],
    ['DSC1234', 'webp', 'attachment; filename="DSC1234.webp"'],
    ['scan', 'heif', 'attachment; filename="scan.heic"'],
    ['my photo (1)', 'png', 'attachment; filename="my photo (1).png"'],
    ["it's*", 'gif', `attachment; filename="it's*.gif"`],
  ])('names %s sent as %s plainly: %s', (name, format, header) => {
    expect(attachmentDisposition(name, format)).toBe(header);
  });

  it.each([
    ['café noir', 'avif', `attachment; filename="caf_ noir.avif"; filename*=UTF-8''caf%C3%A9%20noir.avif`],
    ['猫', 'jpeg', `attachment; filename="_.jpg"; filename*=UTF-8''%E7%8C%AB.jpg`],
    [
      'say "cheese"',
      'png',
      `attachment; filename="say _cheese_.png"; filename*=UTF-8''say%20%22cheese%22.png`,
    ],
  ])('gives %s an ASCII fallback and a UTF-8 filename*', (name, format, header) => {
    expect(attachmentDisposition(name, format)).toBe(header);
  });

  it("escapes RFC 5987's reserved characters in filename*", () => {
    expect(attachmentDisposition("l'été (1)*", 'png')).toBe(
      `attachment; filename="l'_t_ (1)*.png"; filename*=UTF-8''l%27%C3%A9t%C3%A9%20%281%29%2A.png`,
    );
  });

  it('never lets a control character split the header', () => {
    const header = attachmentDisposition('a\r\nset-cookie: x\\', 'png');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toBe(
      `attachment; filename="a__set-cookie: x_.png"; filename*=UTF-8''a%0D%0Aset-cookie%3A%20x%5C.png`,
    );
  });
});
