import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { startCliHarness, type CliHarness } from './support/cli-harness';

interface DoctorReport {
  sample: { path: string; kind: string };
  origins: {
    position: number;
    reachable: boolean;
    status: number;
    errorCode?: string;
    claimedContentType?: string;
    sniffedType?: string;
    redirectedTo?: string;
    fix?: string;
    notes: string[];
  }[];
  verdict: { healthy: boolean; decidedBy?: number };
}

let harness: CliHarness;
let web: Server;
let jpeg: Buffer;

/** A web origin with the usual ways of going wrong. */
function startWebOrigin(): Promise<string> {
  web = createServer((request, response) => {
    const answers: Record<string, () => void> = {
      '/imgs/page.jpg': () =>
        response.writeHead(200, { 'content-type': 'text/html' }).end('<html>Oops</html>'),
      '/imgs/secret.jpg': () => response.writeHead(403).end(),
      '/imgs/mislabelled.jpg': () => response.writeHead(200, { 'content-type': 'image/png' }).end(jpeg),
      '/imgs/moved.jpg': () => response.writeHead(302, { location: '/imgs/real.jpg' }).end(),
      '/imgs/real.jpg': () => response.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg),
    };
    (answers[request.url ?? ''] ?? (() => response.writeHead(404).end()))();
  });
  return new Promise((resolve) =>
    web.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(web.address() as AddressInfo).port}/imgs/`),
    ),
  );
}

const doctor = (...args: string[]) => harness.cli(['doctor', ...args, '--output', 'json']);

beforeAll(async () => {
  harness = await startCliHarness();
  jpeg = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#228844' } })
    .jpeg()
    .toBuffer();
  await putObject(harness.stack, DEMO_BUCKET, 'site/in-bucket.jpg', jpeg, 'image/jpeg');
  const baseUrl = await startWebOrigin();
  await harness.stack.putEndpoint({
    id: 'site',
    origins: [
      { type: 's3', bucket: DEMO_BUCKET, prefix: 'site' },
      { type: 'web', baseUrl },
    ],
  });
  await harness.stack.putEndpoint({ id: 'dead', origins: [{ type: 'web', baseUrl: 'http://127.0.0.1:9/' }] });
});
afterAll(async () => {
  await new Promise((resolve) => web.close(resolve));
  await harness.close();
});

describe('imgfront doctor', () => {
  it('fetches a listed sample from every origin and reports a healthy endpoint', async () => {
    const result = await harness.cli(['doctor', 'site']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('sample in-bucket.jpg (the first object of the first S3 origin)');
    expect(result.stdout).toMatch(/1\. s3:\/\/imgfront-demo\/site\s+OK\s+200/);
    expect(result.stdout).toContain('bytes are jpeg 32x24');
    expect(result.stdout).toContain('Served by origin 1');
  });

  it('diagnoses an HTML page served as an image and a refusal, each with its likely fix', async () => {
    const [page, secret] = await Promise.all([doctor('site', 'page.jpg'), doctor('site', 'secret.jpg')]);
    expect([page.code, secret.code]).toEqual([1, 1]);

    const pageReport = page.json<DoctorReport>();
    expect(pageReport.origins[0]).toMatchObject({ errorCode: 'ENOENT', reachable: true });
    expect(pageReport.origins[1]).toMatchObject({
      errorCode: 'EINVALID',
      status: 400,
      claimedContentType: 'text/html',
      fix: expect.stringMatching(/HTML error page/),
    });
    expect(pageReport.verdict).toMatchObject({ healthy: false, decidedBy: 2 });

    expect(secret.json<DoctorReport>().origins[1]).toMatchObject({
      errorCode: 'EACCES',
      fix: expect.stringMatching(/401\/403/),
    });
  });

  it('notes a wrong Content-Type and follows redirects, reporting where they led', async () => {
    const [mislabelled, moved] = await Promise.all([
      doctor('site', 'mislabelled.jpg'),
      doctor('site', 'moved.jpg'),
    ]);
    expect(mislabelled.code).toBe(0);
    const served = mislabelled.json<DoctorReport>().origins[1];
    expect(served).toMatchObject({ claimedContentType: 'image/png', sniffedType: 'jpeg 32x24' });
    expect(served?.notes).toContainEqual(
      expect.stringMatching(/Content-Type says "image\/png" but the bytes are jpeg/),
    );

    expect(moved.code).toBe(0);
    expect(moved.json<DoctorReport>().origins[1]?.redirectedTo).toMatch(/\/imgs\/real\.jpg$/);
  });

  it('reports an unreachable origin with exit code 1, probing when there is no sample', async () => {
    const result = await doctor('dead');
    expect(result.code).toBe(1);
    const report = result.json<DoctorReport>();
    expect(report.sample.kind).toBe('probe');
    expect(report.origins[0]).toMatchObject({
      reachable: false,
      errorCode: 'ECONNREFUSED',
      fix: expect.stringMatching(/check the host name/),
    });
  });
});
