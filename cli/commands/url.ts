import { ImageError, notFound } from '../../shared/errors/image-error';
import type { ImagePath } from '../../shared/origins/types';
import { hmacSigner, type UrlSigner } from '../../shared/signing/url-signature';
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
import { findEndpoint } from '../endpoints/find-endpoint';

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

/** The `updatedAt` value of the original's current version, as the version writer recorded it. */
async function currentVersion(target: Target, endpointId: string, path: ImagePath): Promise<string> {
  await findEndpoint(target, endpointId);
  const { client, tableName } = target.table();
  const lookup = createVersionLookup({
    store: createVersionStore({ client, tableName }),
    registry: registryOf(target),
  });
  const version = await lookup.getVersionForEndpointPath(endpointId, path);
  if (version === undefined || version.deleted) {
    throw notFound(
      `No ${version ? 'live' : 'recorded'} version of ${endpointId}/${path.segments.join('/')}: versions ` +
        'come from S3 events, so a file stored before deployment has none until it is overwritten; ' +
        'or leave out --versioned',
    );
  }
  return String(version.updatedAt);
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
  const version = values.versioned ? await currentVersion(target, endpointId, path) : undefined;

  let signing: UrlSigner | undefined;
  if (signs) {
    const key =
      values.key ??
      (await resolveSigningKey(target, keyRef ?? endpointKeyRef(await findEndpoint(target, endpointId))));
    signing = hmacSigner(key, lifetime === undefined ? undefined : Math.floor(Date.now() / 1000) + lifetime);
  }

  const pathText = path.segments.join('/');
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
