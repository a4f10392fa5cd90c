import { invalid } from '../errors/image-error';
import type { EndpointSettings } from '../registry/endpoint-schema';
import { parseChain } from '../url/chain';
import { dialectFor } from '../url/dialects';
import { refineStep } from '../url/parameter-expressions';
import type { TransformStep } from '../url/transform-spec';

/**
 * Replaces `n-<name>` steps with the endpoint's stored chain; parameters given beside `n-` refine the
 * last step of it. With `namedOnly`, any other transformation is refused.
 */
export function expandNamed(steps: readonly TransformStep[], settings: EndpointSettings): TransformStep[] {
  return steps.flatMap((step) => {
    const { named, ...rest } = step;
    if (named === undefined) {
      if (settings.namedOnly && Object.keys(rest).some((key) => key !== 'defaultImage')) {
        throw invalid('This endpoint allows only named transformations');
      }
      return [step];
    }
    // `hasOwn`, so a name such as "constructor" never resolves to an inherited property.
    const chain = Object.hasOwn(settings.namedTransformations, named)
      ? settings.namedTransformations[named]
      : undefined;
    if (chain === undefined) throw invalid(`Unknown named transformation "${named}"`);
    if (settings.namedOnly && Object.keys(rest).length > 0) {
      throw invalid('This endpoint allows only named transformations');
    }
    // Stored in the endpoint's dialect (`t_thumb` chains are Cloudinary syntax).
    const expanded = (dialectFor(settings.dialect).parseNamed ?? parseChain)(chain);
    const lastStep = expanded.pop() ?? {};
    return [...expanded, ...refineStep(lastStep, rest)];
  });
}
