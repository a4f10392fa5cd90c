import { ENV } from '../../shared/config/env-names';

/** Environment variables only the CLI reads; the shared ones (`ENV`) mean the same as for the Lambdas. */
export const CLI_ENV = {
  /** Base URL (or host name) of the deployed CDN, the stack output `ImageBaseUrl`. */
  domain: 'IMGFRONT_DOMAIN',
  /** The deployed stage (`--stage`): its stack `imgfront-<stage>` supplies what flags and env leave out. */
  stage: 'IMGFRONT_STAGE',
  /** Where `npm start` wrote its emulators' endpoints (`--local-file`). */
  localFile: 'IMGFRONT_LOCAL_FILE',
  /** The edge sync function's name (stack output `EdgeSyncFunctionName`), invoked after endpoint and secret writes. */
  edgeSyncFunction: 'IMGFRONT_EDGE_SYNC_FUNCTION',
  /** Set by CI systems: never prompt, even on a terminal. */
  ci: 'CI',
} as const;

/** What the CLI takes from its environment, read once at start-up (flags win over these). */
export interface CliEnv {
  registryTable: string | undefined;
  purgeQueueUrl: string | undefined;
  domain: string | undefined;
  stage: string | undefined;
  localFile: string | undefined;
  edgeSyncFunction: string | undefined;
  /** The explain key's secret reference (`imgfront explain`), as the transform gets it. */
  explainKeyRef: string | undefined;
  /** Whether prompting is allowed at all (a terminal on stdin, not CI). */
  interactive: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

const text = (env: Env, name: string): string | undefined => env[name]?.trim() || undefined;

/** Reads the CLI's environment; AWS_PROFILE and AWS_REGION are left to the SDK's own chain. */
export function readCliEnv(env: Env = process.env, stdinIsTerminal = process.stdin.isTTY === true): CliEnv {
  const ci = text(env, CLI_ENV.ci);
  return {
    registryTable: text(env, ENV.registryTable),
    purgeQueueUrl: text(env, ENV.purgeQueueUrl),
    domain: text(env, CLI_ENV.domain),
    stage: text(env, CLI_ENV.stage),
    localFile: text(env, CLI_ENV.localFile),
    edgeSyncFunction: text(env, CLI_ENV.edgeSyncFunction),
    explainKeyRef: text(env, ENV.explainKeyRef),
    interactive: stdinIsTerminal && (ci === undefined || ci === 'false' || ci === '0'),
  };
}
