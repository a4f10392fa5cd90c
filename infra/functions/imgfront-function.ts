import { Arn, ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../shared/config/env-names';
import type { ServiceName } from '../../shared/log/logger';
import { METRICS_NAMESPACE } from '../../shared/metrics/metrics';
import { acknowledgeServerlessRule, acknowledgeWildcardResource } from '../constructs/nag';
import { LAMBDA_ARCHITECTURE, LAMBDA_RUNTIME, lambdaCode } from './lambda-code';
import type { LambdaBundle } from './lambda-bundles';

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
  readonly bundle: LambdaBundle;
  /** The `service` of its log lines and metrics. */
  readonly serviceName: ServiceName;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Concurrency reserved for (and capped at) this function. */
  readonly reservedConcurrentExecutions?: number;
  /** Where asynchronous invocations that failed every retry are kept. */
  readonly deadLetterQueue?: IQueue;
}

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
    this.handler = new NodejsFunction(this, 'Handler', {
      ...lambdaCode(this, spec.bundle),
      description: spec.description,
      runtime: LAMBDA_RUNTIME,
      architecture: LAMBDA_ARCHITECTURE,
      memorySize: spec.memorySize,
      timeout: spec.timeout,
      reservedConcurrentExecutions: spec.reservedConcurrentExecutions,
      role: this.role,
      logGroup: this.logGroup,
      // Powertools writes JSON lines itself. Lambda's JSON format would set AWS_LAMBDA_LOG_LEVEL,
      // which overrides Powertools' level and so its sampled DEBUG invocations.
      loggingFormat: lambda.LoggingFormat.TEXT,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : undefined,
      deadLetterQueue: spec.deadLetterQueue,
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
    } else {
      acknowledgeServerlessRule(
        this.handler,
        'LambdaTracing',
        'X-Ray tracing is billed per trace and off unless the stage sets `tracing`; the structured request logs and metrics carry timings for every request.',
      );
    }
    // Grants land in the role's default policy; the function (and its event source mappings) must
    // not be created before them, or the first poll fails on missing permissions.
    this.handler.node.addDependency(this.role);
  }

  /** Names imgfront's event bus and lets the function put events on it (and on no other bus). */
  bindEvents(bus: IEventBus): void {
    this.handler.addEnvironment(ENV.eventBusName, bus.eventBusName);
    bus.grantPutEventsTo(this.role);
  }

  /**
   * Lets the function read signing keys and origin credentials named under `namePrefix`:
   * SSM parameters `/<namePrefix>...` and Secrets Manager secrets `<namePrefix>...`.
   */
  bindSecrets(namePrefix: string): void {
    const stack = Stack.of(this);
    const parameters = Arn.format(
      {
        service: 'ssm',
        resource: 'parameter',
        resourceName: `${namePrefix}*`,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      },
      stack,
    );
    const secrets = Arn.format(
      {
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: `${namePrefix}*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      },
      stack,
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [parameters] }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secrets] }),
    );
    const reason = `Endpoints name their secrets at runtime (registry items); reads are confined to names under "${namePrefix}".`;
    acknowledgeWildcardResource(this.role, parameters, reason);
    acknowledgeWildcardResource(this.role, secrets, reason);
  }

  /**
   * Names the original-copies bucket and grants `objectActions` on its objects plus `s3:ListBucket`, in a
   * policy of its own that the handler waits for (no request may run before its permission exists).
   */
  protected bindCopiesBucket(bucket: IBucket, objectActions: readonly string[], reason: string): void {
    this.handler.addEnvironment(ENV.originalCopiesBucket, bucket.bucketName);
    const copies = bucket.arnForObjects('*');
    const policy = new iam.Policy(this, 'OriginalCopies', {
      statements: [
        new iam.PolicyStatement({ actions: [...objectActions], resources: [copies] }),
        new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
      ],
    });
    policy.attachToRole(this.role);
    this.handler.node.addDependency(policy);
    acknowledgeWildcardResource(policy, copies, reason);
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
