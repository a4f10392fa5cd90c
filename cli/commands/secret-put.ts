import { randomBytes } from 'node:crypto';
import { secretRefKey } from '../../shared/secrets/secret-refs';
import { GLOBAL_OPTIONS, parseCommandLine } from '../core/args';
import type { CommandIo, CommandResult } from '../core/command-io';
import { parseSecretRef } from '../core/signing-key';
import { resolveTarget } from '../core/target';
import { UsageError } from '../core/usage-error';
import { writeSecret } from '../secrets/write-secret';
import { syncEdgeAfterWrite } from '../edge/sync-after-write';

const OPTIONS = { ...GLOBAL_OPTIONS, value: { type: 'string' }, generate: { type: 'boolean' } } as const;

/** The stack grants its functions only these names (least privilege), so keys elsewhere could never be read. */
const ALLOWED_REF = /^(ssm:\/imgfront\/|secretsmanager:imgfront\/)./;
/** 32 random bytes: the HMAC-SHA256 block's worth, URL-safe so it pastes into any config. */
const GENERATED_BYTES = 32;

/** `secret put <ref> (--value <v> | --generate)`: store a signing key (or origin secret) where endpoints reference it. */
export async function run(argv: readonly string[], io: CommandIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS, { min: 1, max: 1, names: '<ref>' });
  const text = positionals[0] ?? '';
  const ref = parseSecretRef(text);
  if (!ALLOWED_REF.test(text))
    throw new UsageError(
      `expected a reference under ssm:/imgfront/ or secretsmanager:imgfront/ but received "${text}"`,
    );
  if ((values.value === undefined) === (values.generate !== true))
    throw new UsageError('give exactly one of --value <value> and --generate');
  if (values.value === '') throw new UsageError('--value must not be empty');
  const generated = values.generate === true ? randomBytes(GENERATED_BYTES).toString('base64url') : undefined;
  const value = values.value ?? generated ?? '';

  const target = await resolveTarget(values, io.env);
  const action = await writeSecret(target.secretStores(), ref, value);
  const edge = await syncEdgeAfterWrite(target, io);
  const where =
    target.mode === 'local'
      ? 'the local stack reads it on its next request'
      : 'functions read it within 5 minutes';
  const stored = `${action === 'created' ? 'Created' : 'Stored'} ${secretRefKey(ref)}`;
  // A generated key is shown once, here; a given value is never echoed.
  return {
    data: {
      ref: secretRefKey(ref),
      action,
      edgeSync: edge.data,
      ...(generated === undefined ? {} : { value: generated }),
    },
    text:
      generated === undefined
        ? `${stored}; ${where}.`
        : `${stored}; ${where}. The key (shown once):\n${generated}`,
    exitCode: edge.exitCode,
  };
}
