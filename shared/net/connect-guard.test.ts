import type { LookupAddress } from 'node:dns';
import { ImageError } from '../errors/image-error';
import { createConnectGuard } from './connect-guard';

function lookup(guard: ReturnType<typeof createConnectGuard>, hostname: string, all: boolean) {
  return new Promise<{ address: string | LookupAddress[]; family?: number }>((resolve, reject) =>
    guard.lookup(hostname, { all }, (error, address, family) =>
      error ? reject(error) : resolve({ address, family }),
    ),
  );
}

describe('connect guard', () => {
  it.each(['127.0.0.1', '[::1]', '[::ffff:a9fe:a9fe]', '10.1.2.3', '0.0.0.0'])(
    'refuses the literal host %s by default',
    (host) => {
      expect(() => createConnectGuard().checkLiteralHost(host)).toThrow(ImageError);
    },
  );

  it('lets public literals and names through the literal check (names are checked at lookup)', () => {
    const guard = createConnectGuard();
    expect(() => guard.checkLiteralHost('93.184.216.34')).not.toThrow();
    expect(() => guard.checkLiteralHost('[2606:4700::1111]')).not.toThrow();
    expect(() => guard.checkLiteralHost('localhost')).not.toThrow();
  });

  it('allows a listed IP in any spelling, and nothing else private', () => {
    const guard = createConnectGuard(['127.0.0.1']);
    expect(() => guard.checkLiteralHost('127.0.0.1')).not.toThrow();
    expect(() => guard.checkLiteralHost('[::ffff:7f00:1]')).not.toThrow();
    expect(() => guard.checkLiteralHost('127.0.0.2')).toThrow(ImageError);
    expect(() => guard.checkLiteralHost('169.254.169.254')).toThrow(ImageError);
  });

  it('refuses a name that resolves to loopback, and answers in both lookup shapes once allowed', async () => {
    await expect(lookup(createConnectGuard(), 'localhost', false)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
      internal: expect.stringMatching(/blocked private address: localhost/),
    });
    const guard = createConnectGuard(['LOCALHOST']);
    expect(await lookup(guard, 'localhost', false)).toEqual({ address: '127.0.0.1', family: 4 });
    expect(await lookup(guard, 'localhost', true)).toEqual({
      address: expect.arrayContaining([{ address: '127.0.0.1', family: 4 }]),
      family: undefined,
    });
  });
});
