/**
 * Catches what would crash the process (an uncaught exception, an unhandled rejection) so the fuzzer
 * can blame the case that caused it instead of dying without a counterexample.
 */
export interface ProcessGuard {
  /** Everything escaped since the last call. */
  takeEscaped(): unknown[];
  uninstall(): void;
}

export function installProcessGuard(): ProcessGuard {
  let escaped: unknown[] = [];
  const record = (error: unknown) => void escaped.push(error);
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  return {
    takeEscaped() {
      const taken = escaped;
      escaped = [];
      return taken;
    },
    uninstall() {
      process.off('uncaughtException', record);
      process.off('unhandledRejection', record);
    },
  };
}
