import { invalid } from '../../errors/image-error';
import { PARAMETERS } from '../parameters';
import type { TransformField, TransformStep } from '../transform-spec';

const BY_FIELD = new Map(PARAMETERS.map((descriptor) => [descriptor.field, descriptor]));

/**
 * A foreign parameter's value through the canonical table's own validator, so bounds live in one
 * place; `foreignName` is the vendor's parameter name, which the error message quotes.
 */
export function canonicalValue<F extends TransformField>(
  field: F,
  text: string | undefined,
  foreignName: string,
): NonNullable<TransformStep[F]> {
  const descriptor = BY_FIELD.get(field);
  // Every field a dialect maps to has a row; a missing one is a build error of ours.
  if (descriptor === undefined) throw invalid(`Parameter "${foreignName}" is not supported`);
  return descriptor.parse(text, foreignName) as NonNullable<TransformStep[F]>;
}

/**
 * A canonical value as the parameter table writes it (`80`, `auto`, `max`): the text a writer hands a
 * vendor where the parser reads the vendor's value back through `canonicalValue`.
 */
export function canonicalText<F extends TransformField>(
  field: F,
  value: NonNullable<TransformStep[F]>,
): string {
  const descriptor = BY_FIELD.get(field);
  const text = descriptor?.format(value as never);
  // Every field a writer formats has a row that writes a value; anything else is a build error of ours.
  if (text === undefined) throw new TypeError(`No canonical text for field "${field}"`);
  return text;
}

/** `"<vendor> parameter "x" is not supported by imgfront"`: known to the vendor, not rendered here. */
export const unsupported = (vendor: string, name: string, detail = '') =>
  invalid(`The ${vendor} parameter "${name.slice(0, 40)}"${detail} is not supported by imgfront`);

export const unknownParameter = (vendor: string, name: string) =>
  invalid(`Unknown ${vendor} parameter "${name.slice(0, 40)}"`);
