import sharp from 'sharp';
import { parseEndpoint } from '../registry/endpoint-schema';
import { noisyImage } from '../../test/support/images';
import { renderChain } from '../../test/support/render-chain';

describe('endpoint encoder settings', () => {
  let noise: Buffer;
  beforeAll(async () => {
    noise = await noisyImage(96, 64);
  });

  it.each([
    ['f-jpeg', '4:2:0', '4:2:0'],
    ['f-jpeg', '4:4:4', '4:4:4'],
  ] as const)('%s with chromaSubsampling %s encodes %s', async (format, setting, expected) => {
    const { metadata } = await renderChain(noise, format, { settings: { chromaSubsampling: setting } });
    expect(metadata.chromaSubsampling).toBe(expected);
  });

  it('JPEG keeps 4:2:0 when the endpoint says nothing', async () => {
    expect((await renderChain(noise, 'f-jpeg')).metadata.chromaSubsampling).toBe('4:2:0');
  });

  it('AVIF with chromaSubsampling 4:2:0 is smaller than with 4:4:4', async () => {
    const [sub, full] = await Promise.all([
      renderChain(noise, 'f-avif', { settings: { chromaSubsampling: '4:2:0' } }),
      renderChain(noise, 'f-avif', { settings: { chromaSubsampling: '4:4:4' } }),
    ]);
    expect(sub.metadata.format).toBe('heif');
    expect(sub.body.byteLength).toBeLessThan(full.body.byteLength);
  });

  it('pngPalette encodes a palette PNG; lo-true keeps it lossless truecolour', async () => {
    const palette = await renderChain(noise, 'f-png', { settings: { pngPalette: true } });
    expect(palette.metadata.isPalette).toBe(true);
    const lossless = await renderChain(noise, 'f-png,lo-true', { settings: { pngPalette: true } });
    expect(lossless.metadata.isPalette).toBe(false);
    expect((await renderChain(noise, 'f-png')).metadata.isPalette).toBe(false);
  });

  it('progressive makes JPEGs progressive unless the URL says pr-false', async () => {
    const settings = { progressive: true };
    expect((await renderChain(noise, 'f-jpeg', { settings })).metadata.isProgressive).toBe(true);
    expect((await renderChain(noise, 'f-jpeg,pr-false', { settings })).metadata.isProgressive).toBe(false);
    expect((await renderChain(noise, 'f-jpeg')).metadata.isProgressive).toBe(false);
    // The endpoint setting is for JPEG: PNGs stay non-interlaced.
    expect((await renderChain(noise, 'f-png', { settings })).metadata.isProgressive).toBe(false);
  });

  it('formatQuality sets the quality of its format; the URL q- still wins', async () => {
    const settings = { defaultQuality: 90, formatQuality: { webp: 10 } };
    const [webp, webpUrl, jpeg, jpegDefault] = await Promise.all([
      renderChain(noise, 'f-webp', { settings }),
      renderChain(noise, 'f-webp,q-90', { settings }),
      renderChain(noise, 'f-jpeg', { settings }),
      renderChain(noise, 'f-jpeg', { settings: { defaultQuality: 10 } }),
    ]);
    expect(webp.output.quality).toBe(10);
    expect(webp.body.byteLength).toBeLessThan(webpUrl.body.byteLength);
    expect(jpeg.output.quality).toBe(90);
    expect(jpegDefault.body.byteLength).toBeLessThan(jpeg.body.byteLength);
    expect(await sharp(webp.body).metadata()).toMatchObject({ format: 'webp' });
  });

  it('refuses unknown formats and bad values, naming the field', () => {
    const origins = [{ type: 's3', bucket: 'ok-bucket' }];
    const bad = parseEndpoint({
      id: 'x',
      origins,
      settings: { formatQuality: { gif: 50 }, chromaSubsampling: '4:2:2' },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.message).toContain('settings.formatQuality');
      expect(bad.message).toContain('settings.chromaSubsampling');
    }
    expect(parseEndpoint({ id: 'x', origins }).ok).toBe(true);
  });
});
