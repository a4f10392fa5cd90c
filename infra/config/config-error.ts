/**
 * A stage or construct setting that could not deploy. Thrown during `cdk synth`, before anything
 * reaches AWS, with a message naming the setting and what it needs.
 */
export class InfraConfigError extends Error {
  override readonly name = 'InfraConfigError';
}
