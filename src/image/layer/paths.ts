// Path normalisation for entries inside layers: everything becomes absolute and "..".free, or is rejected.

/**
 * Normalises a tar entry name to "/a/b". Strips "./" and leading "/", resolves "." and "..".
 * Returns undefined when the name escapes the root ("../x", "a/../../x"); an empty name (or "./") is "/".
 */
export function normalizeEntryPath(name: string): string | undefined {
  return normalFast(name) ?? normalizeSlow(name);
}

/**
 * Every tar entry passes here: names that are already plain ("a/b", "./a/b", "/a/b", "a/b/") are sliced in one
 * scan, without the array and strings of split/join; anything else (empty, ".", ".." segments) returns undefined.
 */
function normalFast(name: string): string | undefined {
  let s = 0;
  let e = name.length;
  if (name.charCodeAt(0) === 0x2e && name.charCodeAt(1) === 0x2f) s = 2;
  else if (name.charCodeAt(0) === 0x2f) s = 1;
  if (e > s && name.charCodeAt(e - 1) === 0x2f) e--;
  if (e <= s) return undefined;
  let seg = s;
  for (let i = s; i <= e; i++) {
    if (i < e && name.charCodeAt(i) !== 0x2f) continue;
    const len = i - seg;
    if (len === 0) return undefined;
    if (name.charCodeAt(seg) === 0x2e && (len === 1 || (len === 2 && name.charCodeAt(seg + 1) === 0x2e))) return undefined;
    seg = i + 1;
  }
  return s === 1 && e === name.length ? name : '/' + name.slice(s, e);
}

function normalizeSlow(name: string): string | undefined {
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

/** An execute bit, or a place for programs: what `select.executables` and the binary catalogers look at. */
export function isExecutable(meta: { path: string; mode: number }): boolean {
  if ((meta.mode & 0o111) !== 0) return true;
  // a "/bin/" or "/sbin/" segment: one search for "bin/" (asked of every non-executable file of a layer)
  const p = meta.path;
  for (let i = p.indexOf('bin/', 1); i > 0; i = p.indexOf('bin/', i + 1)) {
    const c = p.charCodeAt(i - 1);
    if (c === 0x2f || (c === 0x73 && i > 1 && p.charCodeAt(i - 2) === 0x2f)) return true;
  }
  return false;
}
