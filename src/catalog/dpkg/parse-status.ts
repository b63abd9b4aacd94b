// dpkg status (and distroless status.d) parser: RFC-822-like stanzas, continuation lines, Source field.
import type { Warning } from '../../errors.js';

export interface DpkgEntry {
  name: string;
  version: string;
  arch?: string;
  sourceName: string;
  sourceVersion: string;
  status?: string;
  maintainer?: string;
  installedSize?: number;
  /** 1-based line of the stanza's first field, for warnings */
  line: number;
}

export type Stanza = { fields: Map<string, string>; line: number };

/** Splits a control file into stanzas; field names are lower-cased, continuation lines joined with "\n". */
export function parseStanzas(text: string): Stanza[] {
  const out: Stanza[] = [];
  let cur: Stanza | undefined;
  let last: string | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line.trim() === '') {
      if (cur) out.push(cur);
      cur = undefined;
      last = undefined;
      continue;
    }
    if (line[0] === ' ' || line[0] === '\t') {
      // continuation of the previous field; stray ones (no field yet) are ignored
      if (cur && last) cur.fields.set(last, cur.fields.get(last) + '\n' + line.trim());
      continue;
    }
    if (line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) {
      // not a field: keep the stanza, the caller checks for missing fields
      cur ??= { fields: new Map(), line: i + 1 };
      cur.fields.set('\0invalid', line);
      continue;
    }
    cur ??= { fields: new Map(), line: i + 1 };
    last = line.slice(0, colon).trim().toLowerCase();
    cur.fields.set(last, line.slice(colon + 1).trim());
  }
  if (cur) out.push(cur);
  return out;
}

/** "openssl (1.0.1t-1+deb8u8)" → name + version; version defaults to the binary's. */
export function parseSourceField(source: string | undefined, name: string, version: string): { sourceName: string; sourceVersion: string } {
  if (!source) return { sourceName: name, sourceVersion: version };
  const m = /^(\S+)\s*(?:\(([^)]*)\))?/.exec(source.trim());
  if (!m) return { sourceName: name, sourceVersion: version };
  return { sourceName: m[1], sourceVersion: m[2]?.trim() || version };
}

function isInstalled(status: string | undefined): boolean {
  // no Status field: distroless status.d files only list installed packages
  if (status === undefined) return true;
  const parts = status.split(/\s+/);
  return parts.length === 3 && parts[2] === 'installed' && parts[1] === 'ok';
}

/**
 * Installed packages of one status file. Broken stanzas are reported as warnings and skipped;
 * stanzas for packages that are not installed are skipped silently.
 */
export function parseDpkgStatus(text: string, file: string, warn: (w: Warning) => void): DpkgEntry[] {
  const out: DpkgEntry[] = [];
  for (const st of parseStanzas(text)) {
    const f = st.fields;
    const name = f.get('package');
    const status = f.get('status');
    if (!name || /\s/.test(name)) {
      warn({ file, message: `dpkg stanza at line ${st.line} has no valid Package field; skipped` });
      continue;
    }
    if (!isInstalled(status)) continue;
    const version = f.get('version');
    if (!version || /\s/.test(version)) {
      warn({ file, message: `dpkg package ${name} (line ${st.line}) has no valid Version field; skipped` });
      continue;
    }
    if (f.has('\0invalid')) warn({ file, message: `dpkg stanza for ${name} (line ${st.line}) contains a malformed line` });
    const size = Number(f.get('installed-size'));
    out.push({
      name,
      version,
      arch: f.get('architecture') || undefined,
      ...parseSourceField(f.get('source'), name, version),
      status,
      maintainer: f.get('maintainer'),
      installedSize: Number.isFinite(size) && f.has('installed-size') ? size : undefined,
      line: st.line,
    });
  }
  return out;
}
