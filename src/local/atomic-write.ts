// One way to replace a local file so that a kill at any instant leaves either the old content or the
// new, never a truncated file: write a temporary file in the same directory (so rename stays on one
// file system), fsync it, rename it over the target, fsync the directory (so the rename itself
// survives a power cut). A symlinked target is written through to the file it points at, so the link
// stays a link.
import { randomBytes } from 'node:crypto';
import { link, lstat, mkdir, open, readlink, rename, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';

export interface AtomicWriteOptions {
  /** The file's mode (default 0600: kube-tui writes keys, certificates and kubeconfigs). */
  mode?: number;
  /** Mode of directories created on the way (default 0700). */
  dirMode?: number;
  /** fsync the file and its directory (default true). */
  fsync?: boolean;
  /** Write through a symlink to its target (default true: the user's kubeconfig may be a link). */
  throughSymlink?: boolean;
  /** 'wx': fail with EEXIST when the target exists, atomically (a link(2), never a replace). */
  exclusive?: boolean;
}

/** A temporary name beside `path`, hidden, unique per call, recognisable as ours (`.kube-tui-*.tmp`). */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.kube-tui-${randomBytes(6).toString('hex')}.tmp`);
}

/** Where a write to `path` lands: the final target of a chain of symlinks (up to 32), else `path`. */
export async function writeTargetOf(path: string): Promise<string> {
  let current = resolve(path);
  for (let hops = 0; hops < 32; hops += 1) {
    let link: string;
    try {
      if (!(await lstat(current)).isSymbolicLink()) return current;
      link = await readlink(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return current;
      throw error;
    }
    current = isAbsolute(link) ? link : resolve(dirname(current), link);
  }
  const error = new Error(`${path}: too many levels of symbolic links`) as NodeJS.ErrnoException;
  error.code = 'ELOOP';
  throw error;
}

async function fsyncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some file systems (and Windows) cannot fsync a directory; the rename is still atomic.
  } finally {
    await handle?.close().catch(() => {});
  }
}

/**
 * Replaces (or, with `exclusive`, creates) `path` with `content` atomically. Returns the path that was
 * written (the symlink's target when `path` is a symlink).
 */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<string> {
  const mode = options.mode ?? 0o600;
  const sync = options.fsync ?? true;
  const target = (options.throughSymlink ?? true) ? await writeTargetOf(path) : resolve(path);
  const dir = dirname(target);
  await mkdir(dir, { recursive: true, mode: options.dirMode ?? 0o700 });
  const temporary = temporaryPathFor(target);
  try {
    const handle = await open(temporary, 'wx', mode);
    try {
      await handle.writeFile(content);
      // The umask may have narrowed the mode; a key must be exactly 0600 either way.
      await handle.chmod(mode);
      if (sync) await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.exclusive) {
      // link(2) fails with EEXIST instead of replacing: the first writer wins, whole.
      await link(temporary, target);
      await rm(temporary, { force: true });
    } else {
      await rename(temporary, target);
    }
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  if (sync) await fsyncDirectory(dir);
  return target;
}
