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

/** `"<vendor> parameter "x" is not supported by imgfront"`: known to the vendor, not rendered here. */
export const unsupported = (vendor: string, name: string, detail = '') =>
  invalid(`The ${vendor} parameter "${name.slice(0, 40)}"${detail} is not supported by imgfront`);

export const unknownParameter = (vendor: string, name: string) =>
  invalid(`Unknown ${vendor} parameter "${name.slice(0, 40)}"`);
