import { ENV } from './env-names';
import { loadConfig } from './config';

describe('originals cache settings', () => {
  it('keeps an eighth of Lambda memory by default, and nothing outside Lambda', () => {
    expect(loadConfig({ [ENV.lambdaMemoryMb]: '2048' }).originalsCache).toEqual({
      maxBytes: 256 * 1024 * 1024,
      ttlSeconds: 5,
    });
    expect(loadConfig({}).originalsCache?.maxBytes).toBe(0);
  });

  it('takes the size and TTL from the stage, 0 turning the cache off', () => {
    const env = { [ENV.originalsCacheMb]: '64', [ENV.originalsCacheSeconds]: '30' };
    expect(loadConfig(env).originalsCache).toEqual({ maxBytes: 64 * 1024 * 1024, ttlSeconds: 30 });
    expect(
      loadConfig({ [ENV.lambdaMemoryMb]: '2048', [ENV.originalsCacheMb]: '0' }).originalsCache?.maxBytes,
    ).toBe(0);
  });

  it('fails the cold start on a size that is not a number', () => {
    expect(() => loadConfig({ [ENV.originalsCacheMb]: 'lots' })).toThrow(
      `expected a positive number for ${ENV.originalsCacheMb} but received "lots"`,
    );
  });
});
