/**
 * Exit codes scripts can rely on: 0 when the command did what was asked, 1 when it ran but failed
 * (an AWS or origin error, failed uploads, a refused or declined change), 2 when the command line
 * itself is wrong (unknown command or flag, a missing or malformed argument, `--yes` needed off a
 * terminal).
 */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
