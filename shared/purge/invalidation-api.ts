import {
  CreateInvalidationCommand,
  GetInvalidationCommand,
  ListInvalidationsCommand,
  type CloudFrontClient,
} from '@aws-sdk/client-cloudfront';
import { fromDependencySdkError } from '../aws/sdk-errors';
import { ImageError } from '../errors/image-error';
import { isWildcard } from './invalidation-path';
import type { InvalidationUsage } from './invalidation-plan';
import { MAX_WILDCARDS_IN_PROGRESS } from './invalidation-plan';

/** An invalidation as CloudFront reports it. */
export interface InvalidationState {
  id: string;
  /** `InProgress` or `Completed`. */
  status: string;
  paths: string[];
}

/** The CloudFront invalidation calls the invalidator needs, for one distribution. */
export interface InvalidationApi {
  /** Wildcard and file paths of the distribution's in-progress invalidations, counted conservatively. */
  usage(): Promise<InvalidationUsage>;
  create(paths: readonly string[], callerReference: string): Promise<InvalidationState>;
  get(id: string): Promise<InvalidationState>;
}

/** Errors after which waiting and retrying can succeed (the SDK has already retried throttling itself). */
const BUSY = new Set([
  'TooManyInvalidationsInProgress',
  'Throttling',
  'ThrottlingException',
  'ServiceUnavailable',
]);

function toError(error: unknown, what: string): ImageError {
  const name = error instanceof Error ? error.name : '';
  if (BUSY.has(name)) {
    return new ImageError('UNIDENTIFIED', 'CloudFront is busy', {
      retryable: true,
      internal: `${what}: ${name}`,
      cause: error,
    });
  }
  return fromDependencySdkError(error, what);
}

/** Only the most recent invalidations can still be in progress; one page of them is enough. */
const RECENT_INVALIDATIONS = 100;

/** The CloudFront-backed {@link InvalidationApi}. */
export function createInvalidationApi(options: {
  client: CloudFrontClient;
  distributionId: string;
}): InvalidationApi {
  const { client, distributionId: DistributionId } = options;

  async function get(id: string): Promise<InvalidationState> {
    try {
      const { Invalidation } = await client.send(new GetInvalidationCommand({ DistributionId, Id: id }));
      return {
        id,
        status: Invalidation?.Status ?? 'Unknown',
        paths: Invalidation?.InvalidationBatch?.Paths?.Items ?? [],
      };
    } catch (error) {
      throw toError(error, `GetInvalidation ${id}`);
    }
  }

  async function listRecent() {
    try {
      const { InvalidationList } = await client.send(
        new ListInvalidationsCommand({ DistributionId, MaxItems: RECENT_INVALIDATIONS }),
      );
      return InvalidationList;
    } catch (error) {
      throw toError(error, 'ListInvalidations');
    }
  }

  async function usage(): Promise<InvalidationUsage> {
    const list = await listRecent();
    const items = list?.Items ?? [];
    const inProgress = items.filter((item) => item.Status === 'InProgress');
    // More in-progress invalidations than one page holds: assume the wildcard slots are all taken.
    if (list?.IsTruncated && items[items.length - 1]?.Status === 'InProgress') {
      return { wildcards: MAX_WILDCARDS_IN_PROGRESS, files: 0 };
    }
    const states = await Promise.all(inProgress.map((item) => get(item.Id ?? '')));
    return states.reduce<InvalidationUsage>(
      (total, state) => ({
        wildcards: total.wildcards + state.paths.filter(isWildcard).length,
        files: total.files + state.paths.filter((path) => !isWildcard(path)).length,
      }),
      { wildcards: 0, files: 0 },
    );
  }

  async function create(paths: readonly string[], callerReference: string): Promise<InvalidationState> {
    try {
      const { Invalidation } = await client.send(
        new CreateInvalidationCommand({
          DistributionId,
          InvalidationBatch: {
            CallerReference: callerReference,
            Paths: { Quantity: paths.length, Items: [...paths] },
          },
        }),
      );
      return { id: Invalidation?.Id ?? '', status: Invalidation?.Status ?? 'InProgress', paths: [...paths] };
    } catch (error) {
      throw toError(error, 'CreateInvalidation');
    }
  }

  return { usage, create, get };
}
