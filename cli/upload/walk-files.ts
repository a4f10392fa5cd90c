import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** A file found under the upload folder. */
export interface LocalFile {
  absolutePath: string;
  /** Relative to the folder, with `/` separators: becomes the key suffix. */
  relativePath: string;
  size: number;
}

/** Something under the folder that cannot be uploaded (a dangling link, an unreadable folder). */
export interface UnreadableEntry {
  relativePath: string;
  error: string;
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

/**
 * Every regular file under `root`, in a stable order, following symbolic links. Entries that cannot
 * be read are returned too, so they are reported as failures rather than silently left out.
 */
export async function walkFiles(
  root: string,
): Promise<{ files: LocalFile[]; unreadable: UnreadableEntry[] }> {
  const files: LocalFile[] = [];
  const unreadable: UnreadableEntry[] = [];
  const relativeOf = (path: string) => relative(root, path).split(sep).join('/');

  async function visit(folder: string): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(folder)).sort();
    } catch (error) {
      unreadable.push({ relativePath: relativeOf(folder) || '.', error: errorCode(error) });
      return;
    }
    for (const name of names) {
      const path = join(folder, name);
      try {
        const info = await stat(path);
        if (info.isDirectory()) await visit(path);
        else if (info.isFile())
          files.push({ absolutePath: path, relativePath: relativeOf(path), size: info.size });
        else unreadable.push({ relativePath: relativeOf(path), error: 'not a regular file' });
      } catch (error) {
        unreadable.push({ relativePath: relativeOf(path), error: errorCode(error) });
      }
    }
  }

  await visit(root);
  return { files, unreadable };
}
