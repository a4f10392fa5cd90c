import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { VARIANT_PARTITION_PREFIX } from '../../shared/registry/table-keys';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { ENV } from '../../shared/config/env-names';
import { SERVICE_NAME } from '../../shared/log/logger';
import { parseSecretRefKey } from '../../shared/secrets/secret-refs';
import { InfraConfigError } from '../config/config-error';
import {
  acknowledgeNagRule,
  acknowledgeServerlessRule,
  acknowledgeWildcardResource,
} from '../constructs/nag';
import { LAMBDA_BUNDLES } from './lambda-bundles';
import { ImgfrontFunction, type ImgfrontFunctionProps } from './imgfront-function';

/** Registry reads of the transform: endpoint items, the default-endpoint pointer, object versions. */
export const TRANSFORM_REGISTRY_ACTIONS = ['dynamodb:GetItem'] as const;
/** Counts variants per original and day for `settings.maxVariantsPerOriginal`, on `VARIANTS#` items only. */
export const TRANSFORM_BUDGET_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;

/** Caps glibc's malloc arenas, read by the C library at process start (so it is set on the function). */
export const MALLOC_ARENA_MAX = { name: 'MALLOC_ARENA_MAX', value: '2' } as const;

/** CloudFront gives up on an origin after 30 s (its default read timeout); the Lambda must stop first. */
export const TRANSFORM_TIMEOUT = Duration.seconds(28);
/** The service answers a clean error this long before Lambda would kill it mid-response. */
export const REQUEST_DEADLINE_MARGIN = Duration.seconds(3);

export interface TransformFunctionProps extends ImgfrontFunctionProps {
  /**
   * Memory in MB. Lambda allocates CPU in proportion to memory (one full vCPU at 1,769 MB) and
   * libvips decodes, resizes and encodes on every core it gets, so memory buys latency here.
   * @default 2048
   */
  readonly memorySize?: number;
  /**
   * Concurrent executions reserved for (and capped at) the transform, so a flood of uncached
   * variants cannot take the account's whole Lambda concurrency from its other functions.
   * @default none (the account's unreserved pool)
   */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * The transform Lambda: sharp (native, linux-arm64) bundled beside the esbuild output, served by an
 * `AWS_IAM` function URL that streams responses (up to 200 MB instead of 6 MB buffered).
 */
export class TransformFunction extends ImgfrontFunction {
  readonly functionUrl: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: TransformFunctionProps) {
    super(scope, id, props, {
      bundle: LAMBDA_BUNDLES.transform,
      serviceName: SERVICE_NAME.transform,
      description: 'imgfront transform: fetches originals and renders them with sharp',
      memorySize: props.memorySize ?? 2048,
      timeout: TRANSFORM_TIMEOUT,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    });
    const deadline = TRANSFORM_TIMEOUT.minus(REQUEST_DEADLINE_MARGIN).toMilliseconds();
    this.handler.addEnvironment(ENV.requestDeadlineMs, String(deadline));
    // glibc's per-thread malloc arenas fragment under libvips' threads: with two, the fuzzer's peak
    // RSS fell from 2,148 MB to 1,400 MB on the same seed (`MALLOC_ARENA_MAX=2 npm run fuzz`).
    this.handler.addEnvironment(MALLOC_ARENA_MAX.name, MALLOC_ARENA_MAX.value);
    acknowledgeServerlessRule(
      this.handler,
      'LambdaDLQ',
      'Only its function URL invokes the transform, synchronously: a failed request is answered with an error, and nothing is queued to retry.',
    );
    this.functionUrl = this.handler.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.AWS_IAM,
      invokeMode: lambda.InvokeMode.RESPONSE_STREAM,
    });
  }

  /** Reads endpoints and object versions from the registry. */
  bindRegistry(table: ITable): void {
    this.bindRegistryTable(table, TRANSFORM_REGISTRY_ACTIONS);
    // The variant budget's markers and counters, and no other item (`shared/budget/variant-budget.ts`).
    iam.Grant.addToPrincipal({
      grantee: this.role,
      actions: [...TRANSFORM_BUDGET_ACTIONS],
      resourceArns: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${VARIANT_PARTITION_PREFIX}*`] } },
    });
  }

  /**
   * Lets the transform read originals under `keyPrefix` of `bucket`. `s3:ListBucket` on the bucket
   * (limited to the prefix) makes a missing key answer `NoSuchKey` (404 ENOENT) instead of
   * `AccessDenied` (EACCES).
   */
  bindOriginBucket(bucket: IBucket, keyPrefix = '', encryptionKey?: IKey): void {
    const originals = bucket.arnForObjects(`${keyPrefix}*`);
    iam.Grant.addToPrincipal({ grantee: this.role, actions: ['s3:GetObject'], resourceArns: [originals] });
    acknowledgeWildcardResource(
      this.role,
      originals,
      'Originals are any object under the configured prefix of this origin bucket; read-only (s3:GetObject).',
    );
    // Listing stays inside the prefix too: keys elsewhere in a shared bucket are not even enumerable.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [bucket.bucketArn],
        ...(keyPrefix === '' ? {} : { conditions: { StringLike: { 's3:prefix': [`${keyPrefix}*`] } } }),
      }),
    );
    encryptionKey?.grantDecrypt(this.role);
  }

  /**
   * Lets the transform call Rekognition `DetectFaces` for `fo-face` and tells it so (endpoints still
   * opt in). The action takes no resource ARN, so the grant is `*`, in a policy of its own: the
   * acknowledgement covers that policy alone, and any other wildcard on the role still fails cdk-nag.
   */
  /**
   * Turns `imgfront explain` on: the transform reads the key at `ref`. The reference must lie under the
   * secret prefix, whose read `bindSecrets` grants, so no wider permission is needed.
   */
  bindExplainKey(ref: string, namePrefix: string): void {
    const parsed = parseSecretRefKey(ref);
    const name =
      parsed === undefined ? undefined : parsed.source === 'ssm' ? parsed.name.replace(/^\//, '') : parsed.id;
    if (name === undefined || !name.startsWith(namePrefix)) {
      throw new InfraConfigError(
        `explainKey: expected ssm:/${namePrefix}... or secretsmanager:${namePrefix}... but received "${ref}"`,
      );
    }
    this.handler.addEnvironment(ENV.explainKeyRef, ref);
  }

  bindFaceDetection(): void {
    this.handler.addEnvironment(ENV.faceDetection, 'true');
    const policy = new iam.Policy(this, 'FaceDetection', {
      statements: [new iam.PolicyStatement({ actions: ['rekognition:DetectFaces'], resources: ['*'] })],
    });
    policy.attachToRole(this.role);
    // As for the default policy: no request may run before its permission exists.
    this.handler.node.addDependency(policy);
    acknowledgeNagRule(
      policy,
      'IAM5[Resource::*]',
      'Rekognition DetectFaces supports no resource-level permissions; the image bytes are sent in the request and nothing is stored.',
    );
  }

  /**
   * Lets the transform read and write kept copies of web originals (`keepOriginalCopy`), in a policy of
   * its own. `s3:ListBucket` makes a missing copy answer `NoSuchKey` (a miss) instead of `AccessDenied`.
   */
  bindOriginalCopies(bucket: IBucket): void {
    this.bindCopiesBucket(
      bucket,
      ['s3:GetObject', 's3:PutObject'],
      'Kept copies are keyed by endpoint, path and origin at run time; the bucket holds nothing else, and nothing is deleted.',
    );
  }

  /** Lets the transform assume roles that read cross-account origin buckets. */
  bindOriginRoles(roleArns: readonly string[]): void {
    if (roleArns.length === 0) return;
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [...roleArns] }),
    );
  }

  /**
   * Trusts `x-imgfront-edge` from imgfront's viewer function (the only way in, through OAC): the
   * Lambda skips the signature check the edge already made for that endpoint.
   */
  bindEdgeSignatures(): void {
    this.handler.addEnvironment(ENV.edgeSignatures, 'true');
  }
}
