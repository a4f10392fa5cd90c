import sharp from 'sharp';
import { buildCorpus } from '../../fuzz/corpus';
import { applyMutation } from '../../fuzz/original-mutations';
import { DEFAULT_LIMITS } from '../config/config';
import { ImageError } from '../errors/image-error';
import { endpointSettingsSchema } from '../registry/endpoint-schema';
import { createDeadline } from '../runtime/deadline';
import { parseChain } from '../url/chain';
import { planOutput } from './output-plan';
import { render } from './render';
import { classifyRenderFailure } from './render-failure';
import { configureSharp } from './sharp-setup';
import { readSourceInfo, type SourceInfo } from './source-info';

async function failureOf(
  body: Buffer,
  chain: string,
  options: { source?: Partial<SourceInfo>; renderTimeoutSeconds?: number } = {},
): Promise<ImageError> {
  configureSharp();
  const limits = { ...DEFAULT_LIMITS, renderTimeoutSeconds: options.renderTimeoutSeconds ?? 20 };
  const steps = parseChain(chain);
  const source = { ...(await readSourceInfo(body, limits)), ...options.source };
  const output = planOutput(steps, source, '', endpointSettingsSchema.parse({}));
  const failure = await render({
    body,
    source,
    steps,
    output,
    maxOutput: { width: 8192, height: 8192 },
    limits,
    deadline: createDeadline(60_000),
  }).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(failure instanceof ImageError)) throw new TypeError(`expected an ImageError, got ${String(failure)}`);
  return failure;
}

const jpeg = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#336699' } })
    .jpeg()
    .toBuffer();

describe('a failed render is classified by what failed', () => {
  it('answers an original that does not decode with 400 EINVALID', async () => {
    const whole = await jpeg(300, 200);
    const truncated = whole.subarray(0, Math.floor(whole.byteLength * 0.6));
    expect(await failureOf(truncated, 'w-100')).toMatchObject({ code: 'EINVALID', status: 400 });
  });

  it('answers a PNG whose header checksum is wrong with 400 EINVALID (fuzz finding: a 500)', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#aa0000' } })
      .png()
      .toBuffer();
    const corrupt = Buffer.from(png);
    // Bytes 29-32 are the IHDR chunk's CRC: the header still parses, decoding warns, failOn refuses.
    corrupt[29] = (corrupt[29] ?? 0) ^ 0xff;
    expect(await failureOf(corrupt, 'w-20')).toMatchObject({ code: 'EINVALID', status: 400 });
  });

  it('answers a JPEG with corrupt Huffman data, untransformed, with 400 EINVALID (fuzz finding: a 500)', async () => {
    const photo = (await buildCorpus()).find((entry) => entry.name === 'jpeg');
    if (!photo) throw new TypeError('the fuzz corpus has no jpeg');
    const corrupt = applyMutation(photo.body, { kind: 'bit-flips', positions: [794655781, 335326580] });
    expect(await failureOf(corrupt, '')).toMatchObject({ code: 'EINVALID', status: 400 });
  });

  it('answers an animated GIF with a corrupt later frame with 400 EINVALID (fuzz finding: a 500)', async () => {
    const animation = (await buildCorpus()).find((entry) => entry.name === 'gif-animated');
    if (!animation) throw new TypeError('the fuzz corpus has no animated gif');
    const corrupt = applyMutation(animation.body, { kind: 'bit-flips', positions: [617882592] });
    expect(await failureOf(corrupt, '')).toMatchObject({ code: 'EINVALID', status: 400 });
  });

  it('answers a decodable original that still fails with 500 UNIDENTIFIED, the detail kept for the log', async () => {
    // The probe and the decoder disagree about the size: our bug, not the viewer's.
    const failure = await failureOf(await jpeg(100, 100), 'cm-extract,w-300,h-300,x-500,y-500', {
      source: { width: 1000, height: 1000 },
    });
    expect(failure).toMatchObject({ code: 'UNIDENTIFIED', status: 500, retryable: false });
    expect(failure.internal).toBeDefined();
  });

  it('answers a render that ran out of its time with 400 ELIMIT, whatever sharp said', async () => {
    // A timeout is a matter of time spent; a render that fast is never one, however sharp words it.
    const context = { body: await jpeg(10, 10), decodeOptions: {}, timeoutSeconds: 1 };
    const timedOut = await classifyRenderFailure(new Error('any words'), { ...context, elapsedMs: 1000 });
    expect(timedOut).toMatchObject({ code: 'ELIMIT', status: 400 });
    const quick = await classifyRenderFailure(new Error('timeout: 20% complete'), {
      ...context,
      elapsedMs: 10,
    });
    expect(quick).toMatchObject({ code: 'UNIDENTIFIED', status: 500 });
  });
});
