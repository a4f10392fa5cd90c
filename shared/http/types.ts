/** The transport-neutral request every adapter (Lambda function URL, local server) hands the service. */
export interface HttpRequest {
  method: string;
  /** Still percent-encoded. */
  rawPath: string;
  rawQueryString: string;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string | undefined>>;
  requestId: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}
