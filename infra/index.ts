// The `imgfront/cdk` entry point: the construct a platform team adds to its own CDK app, and the
// types of its props. The repository's own stack imports it from here too, like any consumer.
export { ImageCdn, type ImageCdnProps } from './constructs/image-cdn';
export type { ImportedOriginBucket } from './constructs/buckets';
export type { CacheableErrorStatus } from './constructs/cdn-policies';
export type { CustomDomainProps } from './constructs/custom-domain';
export type { ExistingDistributionProps } from './constructs/image-distribution';
export type { WebAclProps } from './constructs/web-acl';
