import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A CloudFormation stand-in answering `DescribeStacks` (AWS query protocol) for the stacks it was given. */
export interface CloudFormationStub {
  /** Point the real client at it: `AWS_ENDPOINT_URL_CLOUDFORMATION`. */
  endpoint: string;
  /** The form parameters of every request, in order. */
  readonly requests: readonly Record<string, string>[];
  close(): Promise<void>;
}

const NAMESPACE = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function describeStacksXml(stackName: string, outputs: Record<string, string>): string {
  const members = Object.entries(outputs)
    .map(
      ([key, value]) =>
        `<member><OutputKey>${escapeXml(key)}</OutputKey><OutputValue>${escapeXml(value)}</OutputValue></member>`,
    )
    .join('');
  return (
    `<DescribeStacksResponse xmlns="${NAMESPACE}"><DescribeStacksResult><Stacks><member>` +
    `<StackName>${escapeXml(stackName)}</StackName>` +
    `<StackId>arn:aws:cloudformation:eu-west-1:123456789012:stack/${escapeXml(stackName)}/0d5d0a10-0000-0000-0000-000000000000</StackId>` +
    `<CreationTime>2025-01-01T00:00:00Z</CreationTime><StackStatus>UPDATE_COMPLETE</StackStatus>` +
    `<Outputs>${members}</Outputs></member></Stacks></DescribeStacksResult>` +
    `<ResponseMetadata><RequestId>b9b4b068-3a41-11e5-94eb-example</RequestId></ResponseMetadata></DescribeStacksResponse>`
  );
}

function errorXml(code: string, message: string): string {
  return (
    `<ErrorResponse xmlns="${NAMESPACE}"><Error><Type>Sender</Type><Code>${code}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>cf4c737e-example</RequestId></ErrorResponse>`
  );
}

/** Starts the stub on 127.0.0.1 with `stacks`: stack name -> its outputs (OutputKey -> OutputValue). */
export async function startCloudFormationStub(
  stacks: Readonly<Record<string, Record<string, string>>>,
): Promise<CloudFormationStub> {
  const requests: Record<string, string>[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      requests.push(form);
      const answer = (status: number, xml: string) => {
        response.writeHead(status, { 'content-type': 'text/xml' });
        response.end(xml);
      };
      if (request.method !== 'POST' || form.Action !== 'DescribeStacks' || form.Version !== '2010-05-15') {
        answer(400, errorXml('InvalidAction', `unsupported ${request.method} ${form.Action}`));
        return;
      }
      const name = form.StackName ?? '';
      const outputs = Object.hasOwn(stacks, name) ? stacks[name] : undefined;
      if (outputs === undefined)
        answer(400, errorXml('ValidationError', `Stack with id ${name} does not exist`));
      else answer(200, describeStacksXml(name, outputs));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
