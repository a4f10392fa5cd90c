// The names the local stack (`npm start`) runs with, which `imgfront --local` reads too. Kept apart from
// the emulators so the CLI imports them without s3rver and dynalite (dev tools, not in the package).

/** Any static credentials do: the emulators accept them, and nothing reaches AWS. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const LOCAL_REGION = 'us-east-1';
export const DEMO_BUCKET = 'imgfront-demo';
/** Kept copies of web originals (`keepOriginalCopy`), as the stack's copies bucket holds them in AWS. */
export const LOCAL_COPIES_BUCKET = 'imgfront-original-copies';
export const LOCAL_DISTRIBUTION_ID = 'ELOCALDEMO';
/** Where the local stack keeps its explain key (a fresh random value each start, in the secrets stub). */
export const LOCAL_EXPLAIN_KEY_REF = 'ssm:/imgfront/local/explain-key';
