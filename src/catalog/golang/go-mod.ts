// go.mod for directory scans: require lines (single and block), replace directives applied.
import type { Package } from '../../sbom/model.js';
import { appPackage } from '../app-common.js';
import type { LockfileParser } from '../app-lockfile.js';

const FOUND_BY = 'go-module-file-cataloger';

export const parseGoMod: LockfileParser = (text, loc) => {
  const req = new Map<string, { version: string; indirect: boolean }>();
  const repl = new Map<string, { path: string; version?: string }>();
  let block: 'require' | 'replace' | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const indirect = /\/\/\s*indirect/.test(raw);
    const comment = raw.indexOf('//');
    let line = (comment < 0 ? raw : raw.slice(0, comment)).trim();
    if (!line) continue;
    if (block && line === ')') {
      block = undefined;
      continue;
    }
    const open = /^(require|replace)\s*\($/.exec(line);
    if (open) {
      block = open[1] as 'require' | 'replace';
      continue;
    }
    let kind = block;
    // s: "." also matches a stray \r inside the line, where the match would otherwise fail after backtracking \s+
    const single = /^(require|replace)\s+(.*)$/s.exec(line);
    if (single) {
      kind = single[1] as 'require' | 'replace';
      line = single[2];
    } else if (!block) continue;
    const f = line.split(/\s+/);
    if (kind === 'require' && f.length >= 2) req.set(f[0], { version: f[1], indirect });
    if (kind === 'replace') {
      const arrow = f.indexOf('=>');
      if (arrow > 0) repl.set(f[0], { path: f[arrow + 1], version: f[arrow + 2] });
    }
  }
  const out: Package[] = [];
  for (const [path, r] of req) {
    const rp = repl.get(path);
    // a replacement by a local directory has no version: keep the required one
    const useRepl = rp && rp.version;
    const modPath = useRepl ? rp.path : path;
    const version = useRepl ? rp.version! : r.version;
    const slash = modPath.lastIndexOf('/');
    out.push(
      appPackage({
        name: modPath,
        version,
        type: 'golang',
        foundBy: FOUND_BY,
        location: loc,
        namespace: slash > 0 ? modPath.slice(0, slash) : undefined,
        purlName: slash > 0 ? modPath.slice(slash + 1) : modPath,
        metadata: { ...(r.indirect ? { indirect: true } : {}), ...(useRepl ? { replacedPath: path, replacedVersion: r.version } : {}) },
      }),
    );
  }
  return out;
};
