import type { Endpoint } from '../../../shared/registry/endpoint-schema';
import { listEndpoints } from '../../../shared/registry/list-endpoints';
import { operatorS3Client } from '../../core/operator-s3-client';
import { endpointKeyRef, resolveSigningKey } from '../../core/signing-key';
import { requireBaseUrl, type Target } from '../../core/target';
import { chooseSample } from '../sample-path';
import { runCheck, skip, type CheckResult } from './check';
import { checkDirectCallRefused } from './direct-call-check';
import { checkEndpointServes } from './endpoint-check';
import { checkMetricsArrive } from './metrics-check';
import { checkOverwritePurged, purgeCheckEndpoint } from './purge-check';

export interface StackDoctorOptions {
  functionUrl: string | undefined;
  timeoutMs: number;
  progress(line: string): void;
}

/** The key for the doctor's own URLs on endpoints that require signatures (`imgfront` scheme). */
async function signingKeyFor(target: Target, endpoint: Endpoint): Promise<string | undefined> {
  const { signing } = endpoint.settings;
  return signing.required ? resolveSigningKey(target, endpointKeyRef(endpoint)) : undefined;
}

/**
 * The post-deploy check: the function URL refuses direct calls, CloudFront serves a sample through
 * each endpoint, an overwrite in an origin bucket is purged, and the transform's metrics arrive.
 */
export async function runStackDoctor(target: Target, options: StackDoctorOptions): Promise<CheckResult[]> {
  const started = new Date();
  const baseUrl = requireBaseUrl(target);
  const { client, tableName } = target.table();
  const { endpoints } = await listEndpoints(client, tableName);
  const s3 = (origin: Parameters<typeof operatorS3Client>[1]) => operatorS3Client(target, origin, 3);
  const intervalMs = target.mode === 'local' ? 200 : 10_000;
  const results: CheckResult[] = [];

  options.progress('Calling the function URL directly');
  results.push(
    await runCheck('function-url', async () =>
      target.mode === 'local'
        ? skip('the local function URL stand-in has no IAM auth (Origin Access Control is AWS-only)')
        : checkDirectCallRefused(options.functionUrl),
    ),
  );
  for (const endpoint of endpoints) {
    options.progress(`Fetching a sample through endpoint ${endpoint.id}`);
    results.push(
      await runCheck(`endpoint ${endpoint.id}`, async () => {
        const sample = await chooseSample(endpoint, undefined, s3);
        const path = sample.kind === 'probe' ? undefined : sample.path.segments.join('/');
        return checkEndpointServes(baseUrl, endpoint, path, await signingKeyFor(target, endpoint));
      }),
    );
  }
  options.progress('Overwriting a test image and waiting for its purge');
  const purgeEndpoint = purgeCheckEndpoint(endpoints);
  results.push(
    await runCheck('purge', async () =>
      checkOverwritePurged({
        baseUrl,
        endpoint: purgeEndpoint,
        signingKey: purgeEndpoint && (await signingKeyFor(target, purgeEndpoint)),
        s3,
        timeoutMs: options.timeoutMs,
        intervalMs,
      }),
    ),
  );
  options.progress('Waiting for the metrics in CloudWatch');
  results.push(
    await runCheck('metrics', async () =>
      target.mode === 'local'
        ? skip('the local stack has no CloudWatch: its metrics are the EMF lines on stdout')
        : checkMetricsArrive({
            clientDefaults: target.clientDefaults,
            since: started,
            timeoutMs: options.timeoutMs,
            intervalMs,
          }),
    ),
  );
  return results;
}
