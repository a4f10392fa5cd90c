import { loadConfig } from '../../shared/config/config';
import { composeImageService } from '../../shared/service/compose';
import { createTransformHandler } from './create-handler';

/** Lambda's Node runtime defines the `awslambda` global; elsewhere the handler is buffered. */
const inLambda = typeof (globalThis as { awslambda?: unknown }).awslambda !== 'undefined';

export const handler = createTransformHandler(composeImageService(loadConfig()), { streaming: inLambda });
