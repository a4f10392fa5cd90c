import { fromSdkError } from '../../shared/aws/sdk-errors';
import { ImageError, notFound } from '../../shared/errors/image-error';
import type { Endpoint } from '../../shared/registry/endpoint-schema';
import { buildUrl } from '../../shared/url/build-url';
import { parseChain, serializeChain } from '../../shared/url/chain';
import type { TransformStep } from '../../shared/url/transform-spec';
import { createVersionLookup } from '../../shared/versioning/version-lookup';
import { createVersionStore } from '../../shared/versioning/version-store';
import { GLOBAL_OPTIONS, parseCommandLine } from '../core/args';
import type { CommandIo, CommandResult } from '../core/command-io';
import { parseDurationSeconds } from '../core/duration';
import { endpointKeyRef, parseSecretRef, resolveSigningKey } from '../core/signing-key';
import { registryOf, requireBaseUrl, resolveTarget, type Target } from '../core/target';
import { splitEndpointPath } from '../core/typed-paths';
import { UsageError } from '../core/usage-error';

const OPTIONS = {
  ...GLOBAL_OPTIONS,
  tr: { type: 'string' },
  versioned: { type: 'boolean' },
  sign: { type: 'boolean' },
  key: { type: 'string' },
  'key-ref': { type: 'string' },
  expires: { type: 'string' },
} as const;

function parseTransformations(text: string | undefined): TransformStep[] {
  if (text === undefined) return [];
  try {
    return parseChain(text);
  } catch (error) {
    if (error instanceof ImageError) throw new UsageError(`--tr "${text}": ${error.message}`);
    throw error;
  }
}

async function findEndpoint(target: Target, id: string): Promise<Endpoint> {
  let endpoint;
  try {
    endpoint = await registryOf(target).find(id);
  } catch (error) {
    throw fromSdkError(error, `read endpoint ${id}`);
  }
  if (endpoint === undefined) throw notFound(`No endpoint "${id}"`);
  return endpoint;
}

/** `url <endpoint>/<path>`: the canonical URL, built by the same builder apps import. */
export async function run(argv: readonly string[], io: CommandIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS, {
    min: 1,
    max: 1,
    names: '<endpoint>/<path>',
  });
  const { endpointId, path } = splitEndpointPath(positionals[0] ?? '', '<endpoint>/<path>');
  const steps = parseTransformations(values.tr);
  if (values.key !== undefined && values['key-ref'] !== undefined) {
    throw new UsageError('give only one of --key and --key-ref');
  }
  const signs = values.sign === true || values.key !== undefined || values['key-ref'] !== undefined;
  if (values.expires !== undefined && !signs) throw new UsageError('--expires needs --sign');
  const keyRef = values['key-ref'] === undefined ? undefined : parseSecretRef(values['key-ref']);
  const lifetime =
    values.expires === undefined ? undefined : parseDurationSeconds(values.expires, '--expires');

  const target = await resolveTarget(values, io.env);
  const baseUrl = requireBaseUrl(target);
  const pathText = path.segments.join('/');

  const needsEndpointKey = signs && values.key === undefined && keyRef === undefined;
  const endpoint = values.versioned || needsEndpointKey ? await findEndpoint(target, endpointId) : undefined;

  let version: string | undefined;
  if (values.versioned) {
    const { client, tableName } = target.table();
    const lookup = createVersionLookup({
      store: createVersionStore({ client, tableName }),
      registry: registryOf(target),
    });
    const current = await lookup.getVersionForEndpointPath(endpointId, path);
    if (current === undefined || current.deleted) {
      throw notFound(
        `No ${current ? 'live' : 'recorded'} version of ${endpointId}/${pathText}: versions come from S3 events ` +
          'after deployment (upload the file again), or leave out --versioned',
      );
    }
    version = String(current.updatedAt);
  }

  let signing: { key: string; expiresAt?: number } | undefined;
  if (signs) {
    const key =
      values.key ??
      (await resolveSigningKey(
        target,
        keyRef ?? endpointKeyRef(endpoint ?? (await findEndpoint(target, endpointId))),
      ));
    const expiresAt = lifetime === undefined ? undefined : Math.floor(Date.now() / 1000) + lifetime;
    signing = expiresAt === undefined ? { key } : { key, expiresAt };
  }

  const url = buildUrl({
    baseUrl,
    endpoint: endpointId,
    path: pathText,
    transformations: steps,
    version,
    signing,
  });
  return {
    data: {
      url,
      endpoint: endpointId,
      path: pathText,
      transformations: serializeChain(steps),
      version,
      signed: signing !== undefined,
      expiresAt: signing?.expiresAt,
    },
    text: url,
  };
}
