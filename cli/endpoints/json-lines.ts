/**
 * The line each value of a JSON document starts on, by path (`origins.0.bucket`; the root is ``), so
 * a validation error can point at the line to fix. Expects text `JSON.parse` already accepted.
 */
export function jsonValueLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let index = 0;
  let line = 1;

  const skipSpace = () => {
    while (index < text.length && /\s/.test(text.charAt(index))) {
      if (text.charAt(index) === '\n') line += 1;
      index += 1;
    }
  };
  const readString = (): string => {
    const start = index;
    index += 1;
    while (text.charAt(index) !== '"') index += text.charAt(index) === '\\' ? 2 : 1;
    index += 1;
    return JSON.parse(text.slice(start, index)) as string;
  };
  const join = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);

  function readValue(path: string, keyLine: number): void {
    skipSpace();
    lines.set(path, keyLine || line);
    const char = text.charAt(index);
    if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']';
      index += 1;
      for (let position = 0; ; position += 1) {
        skipSpace();
        if (text.charAt(index) === close) break;
        if (char === '{') {
          const memberLine = line;
          const key = readString();
          skipSpace();
          index += 1; // the ':'
          readValue(join(path, key), memberLine);
        } else {
          readValue(join(path, position), 0);
        }
        skipSpace();
        if (text.charAt(index) === ',') index += 1;
      }
      index += 1;
    } else if (char === '"') {
      readString();
    } else {
      while (index < text.length && !/[\s,\]}]/.test(text.charAt(index))) index += 1;
    }
  }

  readValue('', 0);
  return lines;
}

/** The line of the closest enclosing value recorded for `path` (a missing field points at its parent). */
export function lineOf(lines: ReadonlyMap<string, number>, path: readonly PropertyKey[]): number | undefined {
  for (let length = path.length; length >= 0; length -= 1) {
    const found = lines.get(path.slice(0, length).map(String).join('.'));
    if (found !== undefined) return found;
  }
  return undefined;
}
