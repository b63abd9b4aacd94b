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

export function parseGemspec(text: string): { name?: string; version?: string; licenses: string[] } {
  // the block variable is usually "s" or "spec": take it from `Gem::Specification.new do |x|`
  const v = /Gem::Specification\.new\s+do\s*\|\s*(\w+)\s*\|/.exec(text)?.[1] ?? '\\w+';
  const field = (f: string): string | undefined => {
    const m = new RegExp(`^\\s*${v}\\.${f}\\s*=\\s*(.+)$`, 'm').exec(text);
    if (!m) return undefined;
    // s.version = "1.2.3" | Gem::Version.new("1.2.3") | "1.2.3".freeze
    const g = /Gem::Version\.new\(\s*(.+?)\s*\)/.exec(m[1]);
    return unquote(g ? g[1] : m[1]);
  };
  const licenses: string[] = [];
  const lm = new RegExp(`^\\s*${v}\\.licenses?\\s*=\\s*(.+)$`, 'm').exec(text);
  if (lm) for (const q of lm[1].matchAll(/"([^"]+)"|'([^']+)'/g)) licenses.push(q[1] ?? q[2]);
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
    if (m) out.push(gemPackage(m[1], m[2].replace(/-(x86|arm|aarch|java|universal|x64).*$/, ''), loc, 'ruby-gemfile-lock-cataloger'));
  }
  return out;
};
