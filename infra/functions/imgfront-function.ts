import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../shared/config/env-names';
import { acknowledgeServerlessRule } from '../constructs/nag';
import { LAMBDA_ARCHITECTURE, LAMBDA_RUNTIME, lambdaCode } from './lambda-code';
import type { LambdaBundle } from './lambda-bundles';

/** Props shared by every imgfront function construct. */
export interface ImgfrontFunctionProps {
  /** How long the function's JSON logs are kept. */
  readonly logRetention: logs.RetentionDays;
  /** What happens to the log group when the stack is deleted. */
  readonly removalPolicy: RemovalPolicy;
}

/** What one concrete function construct fixes about itself. */
export interface FunctionSpec {
  readonly bundle: LambdaBundle;
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
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      deadLetterQueue: spec.deadLetterQueue,
      environment: { NODE_OPTIONS: '--enable-source-maps' },
    });
    acknowledgeServerlessRule(
      this.handler,
      'LambdaTracing',
      'X-Ray tracing is billed per trace and is off by default; the structured request logs and metrics carry timings for every request.',
    );
    // Grants land in the role's default policy; the function (and its event source mappings) must
    // not be created before them, or the first poll fails on missing permissions.
    this.handler.node.addDependency(this.role);
  }

  /** Names imgfront's event bus and lets the function put events on it (and on no other bus). */
  bindEvents(bus: IEventBus): void {
    this.handler.addEnvironment(ENV.eventBusName, bus.eventBusName);
    bus.grantPutEventsTo(this.role);
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
