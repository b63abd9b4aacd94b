// apk installed database: blank-line separated entries of "K:value" lines; F: sets the directory for following R: files.
import type { Warning } from '../../errors.js';

export interface ApkEntry {
  name: string;
  version: string;
  arch?: string;
  origin?: string;
  license?: string;
  maintainer?: string;
  url?: string;
  commit?: string;
  /** absolute paths of the files the package installed */
  files: string[];
  line: number;
}

export function parseApkInstalled(text: string, file: string, warn: (w: Warning) => void): ApkEntry[] {
  const out: ApkEntry[] = [];
  let cur: Partial<ApkEntry> & { files: string[]; line: number } | undefined;
  let dir = '';
  const flush = () => {
    if (!cur) return;
    if (!cur.name || !cur.version) {
      warn({ file, message: `apk entry at line ${cur.line}${cur.name ? ` (${cur.name})` : ''} has no ${cur.name ? 'version' : 'package name'}; skipped` });
    } else {
      out.push(cur as ApkEntry);
    }
    cur = undefined;
    dir = '';
  };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line === '') {
      flush();
      continue;
    }
    if (line.length < 2 || line[1] !== ':') {
      warn({ file, message: `apk database line ${i + 1} is malformed; ignored` });
      continue;
    }
    cur ??= { files: [], line: i + 1 };
    const v = line.slice(2);
    switch (line[0]) {
      case 'P': cur.name = v; break;
      case 'V': cur.version = v; break;
      case 'A': cur.arch = v; break;
      case 'o': cur.origin = v; break;
      case 'L': cur.license = v; break;
      case 'm': cur.maintainer = v; break;
      case 'U': cur.url = v; break;
      case 'c': cur.commit = v; break;
      case 'F': dir = v; break;
      case 'R': cur.files.push('/' + (dir ? `${dir}/${v}` : v)); break;
      default: break;
    }
  }
  flush();
  return out;
}
