import { endpointSchema, type Endpoint } from '../../shared/registry/endpoint-schema';
import { serve } from '../../shared/server/serve';
import { integerFlag, parseCommandLine } from '../core/args';
import type { CommandIo, CommandResult } from '../core/command-io';
import { UsageError } from '../core/usage-error';
import { readEndpointFile } from '../endpoints/endpoint-file';

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  endpoint: { type: 'string' },
  'web-origin': { type: 'string', multiple: true },
  endpoints: { type: 'string', multiple: true },
} as const;

/** `--endpoint <id> --web-origin <url>...`: one endpoint whose web folders are tried in order. */
function endpointFromFlags(id: string, baseUrls: readonly string[]): Endpoint {
  const parsed = endpointSchema.safeParse({
    id,
    origins: baseUrls.map((baseUrl) => ({ type: 'web', baseUrl })),
  });
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const field = issue?.path[0] === 'id' ? '--endpoint' : '--web-origin';
  throw new UsageError(`${field}: ${issue?.message ?? 'invalid'}`);
}

async function endpointsFrom(values: {
  endpoint?: string;
  'web-origin'?: string[];
  endpoints?: string[];
}): Promise<Endpoint[]> {
  const files = values.endpoints ?? [];
  const origins = values['web-origin'] ?? [];
  if ((values.endpoint === undefined) !== (origins.length === 0)) {
    throw new UsageError('--endpoint and --web-origin go together');
  }
  const endpoints = await Promise.all(files.map((file) => readEndpointFile(file)));
  if (values.endpoint !== undefined) endpoints.push(endpointFromFlags(values.endpoint, origins));
  if (endpoints.length === 0)
    throw new UsageError('expected --endpoint <id> --web-origin <url>, or --endpoints <file>');
  return endpoints;
}

/** Resolves on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `serve`: the transform service as a plain HTTP server until SIGINT or SIGTERM. */
export async function run(argv: readonly string[], io: CommandIo): Promise<CommandResult> {
  const { values } = parseCommandLine(argv, OPTIONS, { min: 0, max: 0, names: '' });
  const port = integerFlag(values.port, '--port', { fallback: 3000, min: 0, max: 65535 });
  const endpoints = await endpointsFrom(values);
  const stopped = stopSignal();
  const server = await serve({ endpoints, port, host: values.host });
  const ids = endpoints.map((endpoint) => endpoint.id).join(', ');
  io.note(`imgfront serve: listening on ${server.url} (endpoints: ${ids})`);
  const signal = await stopped;
  await server.close();
  return {
    data: { url: server.url, endpoints: endpoints.map((endpoint) => endpoint.id), signal },
    text: `Stopped on ${signal}.`,
  };
}
