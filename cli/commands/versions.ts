import type { ObjectVersion } from '../../shared/versioning/object-version';
import { objectsForEndpointPath } from '../../shared/versioning/endpoint-paths';
import { GLOBAL_OPTIONS, parseCommandLine } from '../core/args';
import type { CommandIo, CommandResult } from '../core/command-io';
import { resolveTarget } from '../core/target';
import { splitEndpointPath } from '../core/typed-paths';
import { findEndpoint } from '../endpoints/find-endpoint';
import { readVersionHistory, type VersionHistory } from '../versions/version-history';

function versionLine(version: ObjectVersion, current: boolean): string {
  const when = new Date(version.updatedAt).toISOString();
  const what = version.deleted
    ? 'deleted'
    : `etag ${version.etag ?? '-'}  ${version.size === undefined ? '-' : `${version.size} bytes`}`;
  return `  ${current ? '*' : ' '} ${when}  updatedAt=${version.updatedAt}  ${what}`;
}

function describe(history: VersionHistory): string {
  const heading = `s3://${history.bucket}/${history.key}`;
  if (history.versions.length === 0) return `${heading}\n    no recorded versions`;
  const lines = history.versions.map((version) =>
    versionLine(version, version.sequencer === history.current?.sequencer),
  );
  return `${heading}\n${lines.join('\n')}`;
}

/** `versions <endpoint>/<path>`: what the version writer recorded for each S3 origin of the path. */
export async function run(argv: readonly string[], io: CommandIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandLine(argv, GLOBAL_OPTIONS, {
    min: 1,
    max: 1,
    names: '<endpoint>/<path>',
  });
  const { endpointId, path } = splitEndpointPath(positionals[0] ?? '', '<endpoint>/<path>');
  const target = await resolveTarget(values, io.env);
  const endpoint = await findEndpoint(target, endpointId);
  const { client, tableName } = target.table();
  const histories = await Promise.all(
    objectsForEndpointPath(endpoint, path).map(({ bucket, key }) =>
      readVersionHistory(client, tableName, bucket, key),
    ),
  );
  const text =
    histories.length === 0
      ? `Endpoint "${endpointId}" has no S3 origin: versions are recorded for S3 objects only.`
      : `${histories.map(describe).join('\n')}\n(* = current; versions are recorded from S3 events after deployment)`;
  return { data: { endpoint: endpointId, path: path.segments.join('/'), objects: histories }, text };
}
