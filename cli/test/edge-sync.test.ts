import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { ENV } from '../../shared/config/env-names';
import type { EndpointInput } from '../../shared/registry/endpoint-schema';
import { sign } from '../../shared/signing/url-signature';
import { parseChain } from '../../shared/url/chain';
import { startCliHarness, type CliHarness } from './support/cli-harness';

let harness: CliHarness;

const KEY_REF = 'ssm:/imgfront/edge-key';
const endpoint = (required: boolean): EndpointInput => ({
  id: 'gated',
  origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'cats' }],
  settings: { signing: { required, keys: [{ source: 'ssm', name: '/imgfront/edge-key' }] } },
});

/** A URL for `gated/cat.jpg` signed with `key` in imgfront's scheme (the one the edge verifies). */
const signedPath = (key: string, chain: string) =>
  `/gated/tr:${chain}/cat.jpg?ik-s=${sign(key, {
    endpointId: 'gated',
    path: { segments: ['cat.jpg'] },
    steps: parseChain(chain),
    version: undefined,
    expiresAt: undefined,
  })}`;
const status = async (path: string) => (await fetch(`${harness.stack.cdnUrl}${path}`)).status;

beforeAll(async () => {
  harness = await startCliHarness({
    secrets: { [KEY_REF]: 'old-key' },
    // No background sync during the test: only the CLI's own sync can bring the edge up to date.
    edgeSyncIntervalMs: 3_600_000,
    // The transform reads the registry fresh, so what a response shows is the edge's doing.
    env: { [ENV.registryCacheSeconds]: '0.001' },
  });
  const cat = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#336699' } })
    .jpeg()
    .toBuffer();
  await putObject(harness.stack, DEMO_BUCKET, 'cats/cat.jpg', cat, 'image/jpeg');
  await harness.stack.putEndpoint(endpoint(true));
});
afterAll(() => harness.close());

describe('the CLI’s writes reach the edge store at once (--local)', () => {
  it('secret put: a rotated key signs at the edge immediately, and the old one is refused', async () => {
    expect(await status(signedPath('old-key', 'w-40'))).toBe(200);
    const put = await harness.cli(['secret', 'put', KEY_REF, '--value', 'new-key']);
    expect([put.code, put.stderr.trim()]).toEqual([0, 'Edge store updated (1 put, 0 deleted).']);
    expect(await status(signedPath('new-key', 'w-41'))).toBe(200);
    // 403 is the viewer function's refusal (the Lambda's would be 401).
    expect(await status(signedPath('old-key', 'w-42'))).toBe(403);
  });

  it('endpoint put: a signing requirement lifted applies at the edge immediately', async () => {
    expect(await status('/gated/tr:w-43/cat.jpg')).toBe(403);
    const file = join(harness.dir, 'gated.json');
    writeFileSync(file, JSON.stringify(endpoint(false)));
    const put = await harness.cli(['endpoint', 'put', file, '--yes', '-o', 'json']);
    expect([put.code, put.json()]).toEqual([
      0,
      expect.objectContaining({ action: 'updated', edgeSync: { put: 1, deleted: 0 } }),
    ]);
    expect(await status('/gated/tr:w-44/cat.jpg')).toBe(200);
  });

  it('a failed sync fails the command, saying the write is stored but the edge is not updated', async () => {
    const put = await harness.cli(['secret', 'put', KEY_REF, '--value', 'x'.repeat(2000)]);
    expect(put.code).toBe(1);
    expect(put.stdout).toContain(`Stored ${KEY_REF}`);
    expect(put.stderr).toContain('The edge store was not updated');
    expect(put.stdout + put.stderr).not.toContain('x'.repeat(100));
  });

  it('endpoint delete: the endpoint’s settings and keys leave the edge store', async () => {
    const deleted = await harness.cli(['endpoint', 'delete', 'gated', '--yes', '-o', 'json']);
    expect([deleted.code, deleted.json()]).toEqual([
      0,
      expect.objectContaining({ deleted: true, edgeSync: { put: 0, deleted: 2 } }),
    ]);
  });
});
