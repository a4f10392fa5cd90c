/**
 * Every environment variable the Lambdas read, in one place. `infra/` imports these names to set
 * them, and `config/` reads them once at cold start; nothing else touches `process.env`.
 */
export const ENV = {
  /** DynamoDB table holding endpoints and object versions. */
  registryTable: 'IMGFRONT_REGISTRY_TABLE',
  /** Seconds a registry lookup (hit or miss) is cached in a warm Lambda. */
  registryCacheSeconds: 'IMGFRONT_REGISTRY_CACHE_SECONDS',
  /** Largest output width/height in pixels. */
  maxOutputDimension: 'IMGFRONT_MAX_OUTPUT_DIMENSION',
  /** Largest decoded input, in pixels (frames x width x height). */
  maxInputPixels: 'IMGFRONT_MAX_INPUT_PIXELS',
  /** Largest original, in bytes. */
  maxSourceBytes: 'IMGFRONT_MAX_SOURCE_BYTES',
  /** Largest number of animation frames decoded. */
  maxAnimationFrames: 'IMGFRONT_MAX_ANIMATION_FRAMES',
  /** Seconds a single sharp pipeline may run. */
  renderTimeoutSeconds: 'IMGFRONT_RENDER_TIMEOUT_SECONDS',
  /** Milliseconds a whole request may take before it fails cleanly (below the Lambda timeout). */
  requestDeadlineMs: 'IMGFRONT_REQUEST_DEADLINE_MS',
  /** MB of originals a warm transform keeps in memory (0: none); defaults to 1/8 of Lambda's memory. */
  originalsCacheMb: 'IMGFRONT_ORIGINALS_CACHE_MB',
  /** Seconds a kept original is served before its origin is asked again (conditionally). */
  originalsCacheSeconds: 'IMGFRONT_ORIGINALS_CACHE_SECONDS',
  /** MB of shrunk JPEG decodes a warm transform keeps (0: none); defaults to 1/16 of Lambda's memory. */
  decodedCacheMb: 'IMGFRONT_DECODED_CACHE_MB',
  /** Threads per sharp pipeline; unset: every core for a lone render, sharp's default when renders overlap. */
  sharpThreads: 'IMGFRONT_SHARP_THREADS',
  /** S3 bucket holding kept copies of web originals (endpoint setting `keepOriginalCopy`); unset: none kept. */
  originalCopiesBucket: 'IMGFRONT_ORIGINAL_COPIES_BUCKET',
  /** Set by Lambda itself: the function's memory in MB (sizes the originals cache). */
  lambdaMemoryMb: 'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  /** Comma-separated hosts web origins may reach even though they are private (tests, local stack only). */
  allowPrivateHosts: 'IMGFRONT_ALLOW_PRIVATE_HOSTS',
  /** Custom S3 endpoint URL (local emulator or S3-compatible store). */
  s3Endpoint: 'IMGFRONT_S3_ENDPOINT',
  /** Custom DynamoDB endpoint URL (local emulator). */
  dynamoEndpoint: 'IMGFRONT_DYNAMODB_ENDPOINT',
  /** SQS queue URL that receives purge requests. */
  purgeQueueUrl: 'IMGFRONT_PURGE_QUEUE_URL',
  /** CloudFront distribution id the invalidation Lambda purges. */
  distributionId: 'IMGFRONT_DISTRIBUTION_ID',
  /** Custom CloudFront API endpoint URL (local stub). */
  cloudFrontEndpoint: 'IMGFRONT_CLOUDFRONT_ENDPOINT',
  /** `true` when the stage lets the transform call Rekognition `DetectFaces` (for `fo-face`). */
  faceDetection: 'IMGFRONT_FACE_DETECTION',
  /** `true` when the only way in is the distribution's viewer function, which verifies signatures at the edge. */
  edgeSignatures: 'IMGFRONT_EDGE_SIGNATURES',
  /** The CloudFront KeyValueStore the edge sync Lambda writes (ARN). */
  edgeStoreArn: 'IMGFRONT_EDGE_STORE_ARN',
  /** Custom Rekognition endpoint URL (local stub). */
  rekognitionEndpoint: 'IMGFRONT_REKOGNITION_ENDPOINT',
  /** EventBridge bus the Lambdas publish imgfront's events to (set by the construct). */
  eventBusName: 'IMGFRONT_EVENT_BUS_NAME',
  /** Local only: a URL each event is POSTed to as a webhook would deliver it (`npm start`). */
  eventsUrl: 'IMGFRONT_EVENTS_URL',
  /** Local only: the secret events posted to `IMGFRONT_EVENTS_URL` are signed with (`x-imgfront-webhook-signature`). */
  eventsSecret: 'IMGFRONT_EVENTS_SECRET',
  /** The explain key's secret reference (`ssm:/imgfront/...` or `secretsmanager:imgfront/...`); unset: explain is off. */
  explainKeyRef: 'IMGFRONT_EXPLAIN_KEY_REF',
  /** Read by Powertools: the `service` of log lines and metrics. */
  powertoolsServiceName: 'POWERTOOLS_SERVICE_NAME',
  /** Read by Powertools: the CloudWatch metrics namespace (`imgfront`). */
  powertoolsMetricsNamespace: 'POWERTOOLS_METRICS_NAMESPACE',
  /** Read by Powertools: the log level (INFO). */
  powertoolsLogLevel: 'POWERTOOLS_LOG_LEVEL',
  /** Read by Powertools: the share of invocations (0-1) logged at DEBUG. */
  powertoolsLoggerSampleRate: 'POWERTOOLS_LOGGER_SAMPLE_RATE',
  /** Read by Powertools: whether Tracer sends X-Ray segments (the stage's `tracing`). */
  powertoolsTraceEnabled: 'POWERTOOLS_TRACE_ENABLED',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];
