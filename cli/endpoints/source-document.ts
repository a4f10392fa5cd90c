/**
 * An endpoint file parsed from its text format (JSON or YAML), before validation: its value, and the
 * line each field sits on so a validation error can point at the line to fix.
 */
export interface SourceDocument {
  value: unknown;
  /** The line of the value at `path`, or of its closest enclosing value (a missing field points at its parent). */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}
