import { ENV } from './env-names';
import { loadConfig, loadServerConfig } from './config';

const MB = 1024 * 1024;

describe('kept decodes settings', () => {
  it('keeps a sixteenth of Lambda memory by default, nothing outside Lambda, 64 MB in imgfront serve', () => {
    expect(loadConfig({ [ENV.lambdaMemoryMb]: '2048' }).decodedCacheBytes).toBe(128 * MB);
    expect(loadConfig({}).decodedCacheBytes).toBe(0);
    expect(loadServerConfig({}).decodedCacheBytes).toBe(64 * MB);
  });

  it('takes IMGFRONT_DECODED_CACHE_MB, 0 turning it off, and refuses anything else', () => {
    expect(loadConfig({ [ENV.decodedCacheMb]: '32' }).decodedCacheBytes).toBe(32 * MB);
    expect(loadServerConfig({ [ENV.decodedCacheMb]: '0' }).decodedCacheBytes).toBe(0);
    expect(() => loadConfig({ [ENV.decodedCacheMb]: 'lots' })).toThrow(
      `expected a positive number for ${ENV.decodedCacheMb} but received "lots"`,
    );
  });
});
