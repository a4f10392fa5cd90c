import { ImageError } from '../errors/image-error';
import type { EdgeStoreWriter } from './edge-store-sync';

/**
 * The deployed store's writer. It is `@aws-sdk/client-cloudfront-keyvaluestore` (`DescribeKeyValueStore`
 * for the ETag, `ListKeys`, then `UpdateKeys` with `IfMatch`), which signs with SigV4A and therefore
 * needs `@aws-sdk/signature-v4a` imported beside it. Neither package is in the project yet: until
 * they are, every sync fails loudly (and Lambda retries the stream batch) instead of pretending.
 */
export function kvsStoreWriter(storeArn: string): EdgeStoreWriter {
  const unavailable = () =>
    Promise.reject(
      new ImageError('UNIDENTIFIED', 'The edge store cannot be written', {
        internal: `no KeyValueStore client is installed to write ${storeArn}`,
      }),
    );
  return { entries: unavailable, update: unavailable };
}
