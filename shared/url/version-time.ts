/** Below this a numeric version reads as epoch seconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const SECONDS_BELOW = 1e11;

/**
 * When a URL's version (`updatedAt`, `v`) says the original was made, in epoch ms: imgfront's own
 * versions are S3 event times in ms, ImageKit's SDKs send seconds. Other versions (hashes) name no time.
 */
export function versionTimeMs(version: string | undefined): number | undefined {
  if (version === undefined || !/^\d{1,16}$/.test(version)) return undefined;
  const value = Number(version);
  return value < SECONDS_BELOW ? value * 1000 : value;
}
