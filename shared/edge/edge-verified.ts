import type { HttpRequest } from '../http/types';

/**
 * Set by the viewer-request function, naming the endpoint whose signature it verified (and then
 * removed from the cache key). The function deletes whatever a viewer sent under this name first.
 */
export const EDGE_VERIFIED_HEADER = 'x-imgfront-edge';

/**
 * Whether the edge already verified this request's signature for this endpoint. Trusted only when
 * the deployment says every request comes through imgfront's own distribution (`edgeSignatures`):
 * behind another CDN the header is the viewer's word and proves nothing.
 */
export const edgeVerified = (request: HttpRequest, endpointId: string, edgeSignatures: boolean): boolean =>
  edgeSignatures && request.headers[EDGE_VERIFIED_HEADER] === endpointId;
