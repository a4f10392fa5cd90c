import sharp from 'sharp';
import { writeFileSync } from 'node:fs';
import { WHITE } from '../shared/transform/geometry';
import { comparablePixels, similarity } from '../shared/transform/similarity';
import { qualityCorpus } from './quality-corpus';
async function main() {
  const images = await qualityCorpus();
  const out: Record<string, Record<string, { q: number; bytes: number; ssim: number }[]>> = {};
  for (const format of ['webp', 'jpeg'] as const) {
    out[format] = {};
    for (const [name, original] of Object.entries(images)) {
      const { data, info } = await sharp(original).resize(1200).flatten({ background: WHITE }).raw().toBuffer({ resolveWithObject: true });
      const px = () => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
      const reference = await comparablePixels(px(), WHITE);
      const rows = [];
      for (let q = 20; q <= 100; q += 2) {
        const body = format === 'webp' ? await px().webp({ quality: q, effort: 4 }).toBuffer() : await px().jpeg({ quality: q, quantisationTable: 2 }).toBuffer();
        const body80 = q === 80 && format === 'jpeg' ? await px().jpeg({ quality: 80 }).toBuffer() : undefined;
        rows.push({ q, bytes: body.length, ssim: await similarity(reference, body, WHITE) });
        if (body80) rows.push({ q: -80, bytes: body80.length, ssim: await similarity(reference, body80, WHITE) });
      }
      out[format][name] = rows;
      console.log(format, name);
    }
  }
  writeFileSync('/tmp/rd/curves.json', JSON.stringify(out));
}
main();
