import { SQSClient } from '@aws-sdk/client-sqs';
import { ENV } from '../../shared/config/env-names';
import { silentEventLog } from '../../shared/log/event-log';
import { composeInvalidator } from '../../shared/purge/compose-invalidator';
import { purgeIdOf, type PurgeMessage } from '../../shared/purge/purge-message';
import { createSqsPurgeSink } from '../../shared/purge/sqs-purge-sink';
import { STACK_OUTPUT } from '../../shared/config/stack-contract';
import type { Target } from '../core/target';
import { missingSetting } from '../core/usage-error';

/** A purge handed over: its id, and its invalidation when it was submitted right away. */
export interface SubmittedPurge {
  purgeId: string;
  status: string;
  invalidationId?: string;
}

/** `https://sqs.eu-west-1.amazonaws.com/123/q` names its region; used when none is configured. */
export const regionOfQueueUrl = (queueUrl: string): string | undefined =>
  /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\//.exec(queueUrl)?.[1];

/**
 * In AWS the purge goes to the purge queue, exactly as the version writer sends it, and the
 * invalidator Lambda picks it up. Locally there is no queue between processes: the same invalidation
 * code runs in this process against the local CloudFront stand-in (an on-demand purge).
 */
export async function submitPurge(target: Target, message: PurgeMessage): Promise<SubmittedPurge> {
  const { config, clientDefaults } = target;
  if (target.mode === 'local') {
    const { invalidator } = composeInvalidator(config, { clientDefaults, log: silentEventLog });
    const outcome = await invalidator.purgeNow(message);
    return { purgeId: outcome.purgeId, status: outcome.status, invalidationId: outcome.invalidationId };
  }
  const queueUrl = config.purgeQueueUrl;
  if (queueUrl === undefined) {
    throw missingSetting('--queue-url', ENV.purgeQueueUrl, STACK_OUTPUT.purgeQueueUrl);
  }
  const sqs = new SQSClient({
    ...clientDefaults,
    region: clientDefaults.region ?? regionOfQueueUrl(queueUrl),
  });
  await createSqsPurgeSink({ client: sqs, queueUrl }).send([message]);
  return { purgeId: purgeIdOf(message), status: 'Queued' };
}
