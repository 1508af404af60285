// Every local path kube-tui writes or removes is proven to stay inside the directory it belongs to
// before the write or delete: a cluster name, a region or a tag value is input, and input must never
// walk out of the config dir (`..`, an absolute path, a symlink pointing elsewhere).
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export class PathEscapeError extends Error {
  override name = 'PathEscapeError';
  readonly code = 'EPATHESCAPE';
}

/** Whether `path` is `base` itself or below it, lexically (both made absolute first). */
export function isWithin(base: string, path: string): boolean {
  const rel = relative(resolve(base), resolve(path));
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The real path of the longest existing prefix of `path`, with the rest appended (a file not made yet). */
async function realpathOfExistingPrefix(path: string): Promise<string> {
  const absolute = resolve(path);
  const tail: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      const real = await realpath(current);
      return tail.length === 0 ? real : join(real, ...tail.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const parent = dirname(current);
      if (parent === current) return absolute;
      tail.push(current.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      current = parent;
    }
  }
}

/**
 * `base/...segments`, proven inside `base`: no segment may be empty, `.`, `..`, absolute or hold a
 * separator, and after resolving symlinks the result must still be below the real `base`.
 * Throws PathEscapeError naming the path otherwise.
 */
export async function pathInside(base: string, ...segments: string[]): Promise<string> {
  for (const segment of segments) {
    if (
      segment.length === 0 ||
      segment === '.' ||
      segment === '..' ||
      segment.includes('/') ||
      segment.includes('\\') ||
      segment.includes('\0') ||
      isAbsolute(segment)
    ) {
      throw new PathEscapeError(
        `refusing the path segment ${JSON.stringify(segment)}: it would leave ${base}`,
      );
    }
  }
  const path = join(resolve(base), ...segments);
  if (!isWithin(base, path) || path === resolve(base)) {
    throw new PathEscapeError(`refusing ${path}: it is not inside ${base}`);
  }
  const [realBase, realPath] = await Promise.all([
    realpathOfExistingPrefix(base),
    realpathOfExistingPrefix(path),
  ]);
  if (!isWithin(realBase, realPath) || realPath === realBase) {
    throw new PathEscapeError(`refusing ${path}: it resolves to ${realPath}, outside ${realBase}`);
  }
  return path;
}
