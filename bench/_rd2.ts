import sharp, { type Sharp } from 'sharp';
import { writeFileSync } from 'node:fs';
import { WHITE } from '../shared/transform/geometry';
import { comparablePixels, similarity } from '../shared/transform/similarity';
import { qualityCorpus } from './quality-corpus';
const VARIANTS: Record<string, (s: Sharp, q: number) => Sharp> = {
  'webp e4': (s, q) => s.webp({ quality: q, effort: 4 }),
  'webp e6': (s, q) => s.webp({ quality: q, effort: 6 }),
  'webp text': (s, q) => s.webp({ quality: q, effort: 4, preset: 'text' }),
  'webp icon': (s, q) => s.webp({ quality: q, effort: 4, preset: 'icon' }),
  'webp drawing': (s, q) => s.webp({ quality: q, effort: 4, preset: 'drawing' }),
  'webp photo': (s, q) => s.webp({ quality: q, effort: 4, preset: 'photo' }),
  'jpeg std': (s, q) => s.jpeg({ quality: q }),
  'jpeg qt2': (s, q) => s.jpeg({ quality: q, quantisationTable: 2 }),
  'jpeg qt2 prog': (s, q) => s.jpeg({ quality: q, quantisationTable: 2, progressive: true }),
  'jpeg qt2 trellis': (s, q) => s.jpeg({ quality: q, quantisationTable: 2, trellisQuantisation: true }),
  'jpeg qt2 moz': (s, q) => s.jpeg({ quality: q, quantisationTable: 2, mozjpeg: true }),
  'jpeg qt3 prog': (s, q) => s.jpeg({ quality: q, quantisationTable: 3, progressive: true }),
};
async function main() {
  const images = await qualityCorpus();
  const out: Record<string, Record<string, { q: number; bytes: number; ssim: number; ms: number }[]>> = {};
  const pix = [];
  for (const [name, original] of Object.entries(images)) {
    const { data, info } = await sharp(original).resize(1200).flatten({ background: WHITE }).raw().toBuffer({ resolveWithObject: true });
    pix.push({ name, data, info, reference: await comparablePixels(sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }), WHITE) });
  }
  for (const [variant, enc] of Object.entries(VARIANTS)) {
    out[variant] = {};
    for (const { name, data, info, reference } of pix) {
      const rows = [];
      for (let q = 20; q <= 100; q += 4) {
        const t = performance.now();
        const body = await enc(sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }), q).toBuffer();
        const ms = performance.now() - t;
        rows.push({ q, bytes: body.length, ssim: await similarity(reference, body, WHITE), ms });
      }
      out[variant][name] = rows;
    }
    console.log(variant);
    writeFileSync('/tmp/rd/curves2.json', JSON.stringify(out));
  }
}
main();
