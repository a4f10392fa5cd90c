import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookDelivery } from './webhook-delivery';

// A receiver that reads the request and never answers.
let hanging: Server;
let url: string;
let requests = 0;

beforeAll(async () => {
  hanging = createServer((request) => {
    requests += 1;
    request.resume();
  });
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/hooks`;
});
afterAll(() => {
  hanging.closeAllConnections();
  return new Promise<void>((resolve) => hanging.close(() => resolve()));
});
beforeEach(() => {
  requests = 0;
});

const event = { id: 'e1', source: 'imgfront', detail: {} };

describe('webhook delivery', () => {
  it('gives up on a receiver that does not answer within the deadline, after every attempt', async () => {
    const delivery = createWebhookDelivery({
      allowPrivateHosts: ['127.0.0.1'],
      timeoutMs: 150,
      attempts: 2,
      backoffMs: 10,
    });
    const started = Date.now();
    await expect(delivery.deliver({ url, secret: 's' }, event)).rejects.toMatchObject({
      code: 'ETIMEDOUT',
      internal: expect.stringMatching(/timeout \(no answer within 150 ms\) after 2 attempt\(s\)$/),
    });
    expect(requests).toBe(2);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops retrying when the invocation deadline leaves no time for another attempt', async () => {
    const delivery = createWebhookDelivery({ allowPrivateHosts: ['127.0.0.1'], timeoutMs: 150, attempts: 5 });
    await expect(delivery.deliver({ url, secret: 's' }, event, Date.now() + 400)).rejects.toMatchObject({
      code: 'ETIMEDOUT',
    });
    expect(requests).toBe(1);
  });
});
