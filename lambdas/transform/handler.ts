import { loadConfig } from '../../shared/config/config';
import { composeImageService } from '../../shared/service/compose';
import { createBufferedHandler, createStreamingHandler } from './create-handler';

/** Lambda's Node runtime defines the `awslambda` global that response streaming needs. */
const inLambda = typeof (globalThis as { awslambda?: unknown }).awslambda !== 'undefined';
const service = composeImageService(loadConfig());

/** The transform Lambda behind the CloudFront-only function URL. */
export const handler = inLambda ? createStreamingHandler(service) : createBufferedHandler(service);
