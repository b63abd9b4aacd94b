// Installed Python distributions: *.dist-info/METADATA and *.egg-info/PKG-INFO (or an .egg-info file), eggs
// (x.egg/EGG-INFO/PKG-INFO, or x.egg zipped), in site-packages / dist-packages. Names are normalised per PEP 503.
import type { Cataloger } from '../types.js';
import type { FileInput, FileMeta } from '../../image/layer/types.js';
import type { Location, Package } from '../../sbom/model.js';
import { appPackage, locationOf } from '../app-common.js';
import { errorMessage } from '../../errors.js';
import { eggPkgInfo } from './egg.js';
import { appendAt } from '../../collections.js';

export const PYTHON_CATALOGER = 'python-installed-package-cataloger';

const WANTED_RE = /\/(?:site|dist)-packages\/(?:[^/]+\.dist-info\/METADATA|[^/]+\.egg-info\/PKG-INFO|[^/]+\.egg-info|[^/]+\.egg\/EGG-INFO\/PKG-INFO|[^/]+\.egg)$/;

export function normalizePythonName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

/** RFC 822-style headers up to the first blank line; repeated keys collected. */
export function parseRfc822(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && last) {
      const vals = out.get(last)!;
      vals[vals.length - 1] += '\n' + line.trim();
      continue;
    }
    const i = line.indexOf(':');
    if (i <= 0) continue;
    last = line.slice(0, i).trim().toLowerCase();
    const v = line.slice(i + 1).trim();
    // added to, not copied: a copy per repeated key (Classifier: …) was quadratic, 2 minutes for 4 MB of them
    appendAt(out, last, [v]);
  }
  return out;
}

export function pythonLicenses(h: Map<string, string[]>): string[] {
  const expr = h.get('license-expression')?.[0];
  if (expr) return [expr];
  const lic = h.get('license')?.[0];
  // long licence texts pasted into License: are not identifiers
  if (lic && lic !== 'UNKNOWN' && !lic.includes('\n') && lic.length <= 80) return [lic];
  const out: string[] = [];
  for (const c of h.get('classifier') ?? []) {
    const m = /^License :: (?:OSI Approved :: )?(.+)$/.exec(c);
    if (m && m[1] !== 'OSI Approved') out.push(m[1].trim());
  }
  return out;
}

export function pypiPackage(name: string, version: string, loc: Location, foundBy: string, licenses: string[] = [], metadata?: Package['metadata']): Package {
  const norm = normalizePythonName(name);
  return appPackage({ name: norm, version, type: 'pypi', foundBy, location: loc, licenses, metadata: { ...(name !== norm ? { originalName: name } : {}), ...metadata } });
}

/** The header block of a METADATA / PKG-INFO file: the long description after the first blank line is not decoded. */
function headerText(b: Buffer): string {
  const lf = b.indexOf('\n\n');
  const crlf = b.indexOf('\n\r\n');
  const end = lf < 0 ? crlf : crlf < 0 ? lf : Math.min(lf, crlf);
  return b.toString('utf8', 0, end < 0 ? b.length : end + 1);
}

export function parsePythonMetadata(file: FileInput, warn: (m: string) => void): Package[] {
  let text: string;
  if (file.meta.path.endsWith('.egg')) {
    try {
      text = eggPkgInfo(file.content);
    } catch (e) {
      warn(`egg not read: ${errorMessage(e)}`);
      return [];
    }
  } else text = headerText(file.content);
  const h = parseRfc822(text);
  const name = h.get('name')?.[0];
  const version = h.get('version')?.[0];
  if (!name || !version) {
    warn('Python package metadata without Name or Version');
    return [];
  }
  return [pypiPackage(name, version, locationOf(file), PYTHON_CATALOGER, pythonLicenses(h))];
}

export const pythonInstalledCataloger: Cataloger = {
  name: PYTHON_CATALOGER,
  // zipped eggs of big libraries run to tens of MB; metadata files are decoded only up to their first blank line
  maxFileSize: 128 * 1024 * 1024,
  wants: (meta: FileMeta) => meta.kind === 'file' && WANTED_RE.test(meta.path),
  select: { names: ['METADATA', 'PKG-INFO'], extensions: ['.egg-info', '.egg'] },
  parseFile: (file, ctx) =>
    parsePythonMetadata(file, (message) => ctx.warn({ file: file.meta.path, ...(file.layerDiffId ? { layer: file.layerDiffId } : {}), message })),
};
