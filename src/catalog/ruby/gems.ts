// Ruby: installed specifications/*.gemspec (tolerant: the generated Ruby is not evaluated) and Gemfile.lock.
import type { Cataloger } from '../types.js';
import type { FileInput } from '../../image/layer/types.js';
import type { Location, Package } from '../../sbom/model.js';
import { appPackage, locationOf } from '../app-common.js';
import type { LockfileParser } from '../app-lockfile.js';

export const GEMSPEC_CATALOGER = 'ruby-installed-gemspec-cataloger';
const WANTED_RE = /\/specifications\/[^/]+\.gemspec$/;

export function gemPackage(name: string, version: string, loc: Location, foundBy: string, licenses: string[] = []): Package {
  return appPackage({ name, version, type: 'gem', foundBy, location: loc, licenses });
}

function unquote(v: string): string | undefined {
  const m = /^(?:"([^"]*)"|'([^']*)')/.exec(v.trim());
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * name, version and licences from the assignments `s.name = …` of a generated gemspec. Read line by line: patterns
 * over the whole text (`^\s*s\.name` with the m flag) backtracked quadratically on runs of blank lines, and a gemspec
 * is whatever the image holds (1 MiB of newlines would have taken an hour).
 */
export function parseGemspec(text: string): { name?: string; version?: string; licenses: string[] } {
  // the block variable is usually "s" or "spec": take it from `Gem::Specification.new do |x|`
  const v = /Gem::Specification\.new[ \t]+do[ \t]*\|[ \t]*(\w+)[ \t]*\|/.exec(text)?.[1];
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    // s: "." also matches a stray \r; blanks around "=" are trimmed after (one [ \t]* each side of (.+) was quadratic)
    const m = /^[ \t]*(\w+)\.(name|version|licenses?)[ \t]*=(.*)$/s.exec(line);
    if (!m || (v !== undefined && m[1] !== v)) continue;
    const key = m[2] === 'license' ? 'licenses' : m[2];
    const value = m[3].trim();
    if (value && !values.has(key)) values.set(key, value);
  }
  const field = (f: string): string | undefined => {
    const value = values.get(f);
    if (value === undefined) return undefined;
    // s.version = "1.2.3" | Gem::Version.new("1.2.3") | "1.2.3".freeze
    const at = value.indexOf('Gem::Version.new(');
    const end = at < 0 ? -1 : value.indexOf(')', at);
    return unquote(end > 0 ? value.slice(at + 'Gem::Version.new('.length, end) : value);
  };
  const licenses: string[] = [];
  const lv = values.get('licenses');
  if (lv) for (const q of lv.matchAll(/"([^"]+)"|'([^']+)'/g)) licenses.push(q[1] ?? q[2]);
  return { name: field('name'), version: field('version'), licenses };
}

export function parseGemspecFile(file: FileInput, warn: (m: string) => void): Package[] {
  const g = parseGemspec(file.content.toString('utf8'));
  if (!g.name || !g.version) {
    warn('gemspec without a literal name or version');
    return [];
  }
  return [gemPackage(g.name, g.version, locationOf(file), GEMSPEC_CATALOGER, g.licenses)];
}

export const gemspecCataloger: Cataloger = {
  name: GEMSPEC_CATALOGER,
  maxFileSize: 1024 * 1024,
  wants: (meta) => meta.kind === 'file' && WANTED_RE.test(meta.path),
  select: { extensions: ['.gemspec'] },
  parseFile: (file, ctx) =>
    parseGemspecFile(file, (message) => ctx.warn({ file: file.meta.path, ...(file.layerDiffId ? { layer: file.layerDiffId } : {}), message })),
};

/** Gemfile.lock: the "specs:" lists of GEM/GIT/PATH sections, 4-space indented "name (version)" lines. */
export const parseGemfileLock: LockfileParser = (text, loc) => {
  const out: Package[] = [];
  let inSpecs = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\S/.test(line)) inSpecs = false;
    if (/^  specs:\s*$/.test(line)) {
      inSpecs = true;
      continue;
    }
    if (!inSpecs) continue;
    const m = /^ {4}([^\s(]+) \(([^)]+)\)\s*$/.exec(line);
    if (m) out.push(gemPackage(m[1], m[2].replace(/-(x86|arm|aarch|java|universal|x64).*$/s, ''), loc, 'ruby-gemfile-lock-cataloger'));
  }
  return out;
};
