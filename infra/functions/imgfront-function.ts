import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../shared/config/env-names';
import type { ServiceName } from '../../shared/log/logger';
import { METRICS_NAMESPACE } from '../../shared/metrics/metrics';
import { acknowledgeWildcardResource } from '../constructs/nag';
import { assertNpmInstallsLambdaPlatform, bundlingNpmVersion } from './npm-platform-support';

/** The repository root: bundling reads its lock file and tsconfig. */
export const REPO_ROOT = join(__dirname, '..', '..');

/** Every imgfront Lambda runs on this runtime and architecture (sharp ships linux-arm64 binaries). */
export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;
export const LAMBDA_ARCHITECTURE = lambda.Architecture.ARM_64;

/** Bundling hooks that copy files into folders of the bundle's output (local bundling: plain `cp`). */
function copyIntoBundle(files: Readonly<Record<string, readonly string[]>>) {
  const quote = (path: string) => `'${path.replace(/'/g, "'\\''")}'`;
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) =>
      Object.entries(files).flatMap(([folder, paths]) => [
        `mkdir -p ${quote(join(outputDir, folder))}`,
        `cp ${paths.map(quote).join(' ')} ${quote(join(outputDir, folder))}`,
      ]),
  };
}

/** Props shared by every imgfront function construct. */
export interface ImgfrontFunctionProps {
  /** How long the function's JSON logs are kept. */
  readonly logRetention: logs.RetentionDays;
  /** What happens to the log group when the stack is deleted. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * AWS X-Ray active tracing, with Powertools Tracer on (`POWERTOOLS_TRACE_ENABLED`).
   * @default false
   */
  readonly tracing?: boolean;
  /**
   * Share of invocations (0-1) whose logs include DEBUG lines (`POWERTOOLS_LOGGER_SAMPLE_RATE`).
   * @default 0
   */
  readonly debugLogSampleRate?: number;
}

/** What one concrete function construct fixes about itself. */
export interface FunctionSpec {
  /** Handler file relative to the repository root; it exports `handler`. */
  readonly entry: string;
  /** The `service` of its log lines and metrics. */
  readonly serviceName: ServiceName;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Packages installed beside the bundle instead of bundled (native code). */
  readonly nodeModules?: string[];
  /** Where asynchronous invocations that failed every retry are kept. */
  readonly deadLetterQueue?: IQueue;
  /** Files copied into a folder of the bundle, e.g. fonts: `{ fonts: ['/abs/DejaVuSans.ttf'] }`. */
  readonly bundleFiles?: Readonly<Record<string, readonly string[]>>;
}

// npm reads these when CDK runs `npm ci` for `nodeModules`: it installs the Lambda's platform
// binaries (linux-arm64, glibc) whatever machine runs `cdk synth`, without Docker.
const LAMBDA_PLATFORM_NPM_CONFIG = {
  npm_config_os: 'linux',
  npm_config_cpu: 'arm64',
  npm_config_libc: 'glibc',
};

/**
 * One Lambda with its own role and log group. The role starts empty except for writing to its own
 * log group (no AWS managed policy); subclasses add least privilege through `bindX()` methods that
 * set the environment variable and grant access in the same call.
 */
export abstract class ImgfrontFunction extends Construct {
  readonly handler: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  protected constructor(scope: Construct, id: string, props: ImgfrontFunctionProps, spec: FunctionSpec) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${spec.description} (least privilege, granted by bind methods)`,
    });
    this.logGroup.grantWrite(this.role);
    if (spec.nodeModules && Stack.of(this).bundlingRequired) {
      assertNpmInstallsLambdaPlatform(bundlingNpmVersion(LAMBDA_PLATFORM_NPM_CONFIG));
    }

    this.handler = new NodejsFunction(this, 'Handler', {
      entry: join(REPO_ROOT, spec.entry),
      handler: 'handler',
      description: spec.description,
      runtime: LAMBDA_RUNTIME,
      architecture: LAMBDA_ARCHITECTURE,
      memorySize: spec.memorySize,
      timeout: spec.timeout,
      role: this.role,
      logGroup: this.logGroup,
      // Powertools writes JSON lines itself. Lambda's JSON format would set AWS_LAMBDA_LOG_LEVEL,
      // which overrides Powertools' level and so its sampled DEBUG invocations.
      loggingFormat: lambda.LoggingFormat.TEXT,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : undefined,
      deadLetterQueue: spec.deadLetterQueue,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        forceDockerBundling: false,
        tsconfig: join(REPO_ROOT, 'tsconfig.json'),
        minify: true,
        // The SDK versions the code was tested with ship in the bundle: the runtime's own copy is
        // of another version and lacks packages we use (lib-dynamodb, credential-providers).
        externalModules: [],
        sourceMap: true,
        nodeModules: spec.nodeModules,
        environment: spec.nodeModules ? LAMBDA_PLATFORM_NPM_CONFIG : undefined,
        commandHooks: spec.bundleFiles ? copyIntoBundle(spec.bundleFiles) : undefined,
      },
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        [ENV.powertoolsServiceName]: spec.serviceName,
        [ENV.powertoolsMetricsNamespace]: METRICS_NAMESPACE,
        [ENV.powertoolsLogLevel]: 'INFO',
        [ENV.powertoolsLoggerSampleRate]: String(props.debugLogSampleRate ?? 0),
        [ENV.powertoolsTraceEnabled]: String(props.tracing ?? false),
      },
    });
    if (props.tracing) {
      acknowledgeWildcardResource(
        this.role,
        '*',
        'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions',
      );
    }
    // Grants land in the role's default policy; the function (and its event source mappings) must
    // not be created before them, or the first poll fails on missing permissions.
    this.handler.node.addDependency(this.role);
  }

  /** Sets the registry table's name and grants exactly `actions` on the table (not its indexes). */
  protected bindRegistryTable(table: ITable, actions: readonly string[]): iam.Grant {
    this.handler.addEnvironment(ENV.registryTable, table.tableName);
    return iam.Grant.addToPrincipal({
      grantee: this.role,
      actions: [...actions],
      resourceArns: [table.tableArn],
    });
  }
}
