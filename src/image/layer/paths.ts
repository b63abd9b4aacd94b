// Path normalisation for entries inside layers: everything becomes absolute and "..".free, or is rejected.

/**
 * Normalises a tar entry name to "/a/b". Strips "./" and leading "/", resolves "." and "..".
 * Returns undefined when the name escapes the root ("../x", "a/../../x") or is empty.
 */
export function normalizeEntryPath(name: string): string | undefined {
  const out: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
      continue;
    }
    out.push(part);
  }
  return out.length === 0 ? '/' : '/' + out.join('/');
}

/** Joins a symlink target to the directory of the link, clamping ".." at "/" like the kernel does in a chroot. */
export function resolveLinkTarget(linkPath: string, target: string): string {
  const base = target.startsWith('/') ? '' : parentDir(linkPath);
  const out: string[] = [];
  for (const part of (base + '/' + target).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

export function parentDir(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

export function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** True when `p` is `dir` itself or inside it. */
export function isUnder(p: string, dir: string): boolean {
  if (dir === '/') return true;
  return p === dir || (p.startsWith(dir) && p.charCodeAt(dir.length) === 47);
}
