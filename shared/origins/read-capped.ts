import type { Readable } from 'node:stream';
import { limit } from '../errors/image-error';

/** Collects a body stream into one buffer, failing with ELIMIT as soon as it passes `maxBytes`. */
export async function readCapped(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw limit(`The original is larger than ${maxBytes} bytes`);
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return Buffer.concat(chunks, total);
}

/**
 * A GetObject answer's body within `maxBytes`: refused by its declared length before a byte is read
 * (the stream is dropped), else read with {@link readCapped} in case the length was missing or wrong.
 */
export async function readObjectBody(
  response: { ContentLength?: number; Body?: unknown },
  maxBytes: number,
): Promise<Buffer> {
  const body = response.Body as Readable;
  if ((response.ContentLength ?? 0) > maxBytes) {
    body?.destroy?.();
    throw limit(`The original is larger than ${maxBytes} bytes`);
  }
  return readCapped(body, maxBytes);
}
