// `drydock config`: find Dockerfiles, Kubernetes YAML and compose files under the given paths and check them.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { MisconfigResult } from './types.js';
import type { Warning } from '../errors.js';
import { DrydockError } from '../errors.js';
import { scanDockerfile } from './dockerfile/index.js';
import { scanKubernetes, looksLikeKubernetes, type KubernetesScan } from './kubernetes/index.js';
import { scanCompose } from './compose/index.js';
import type { PssLevel } from './kubernetes/pss/types.js';
import { sortResults } from './rule.js';
import { appendAll } from '../collections.js';

export type ConfigKind = 'dockerfile' | 'kubernetes' | 'compose';

export interface ConfigScanOptions {
  pss?: PssLevel;
  pssVersion?: string;
  trustedRegistries?: readonly string[];
  /** base for relative file names in results (default cwd) */
  cwd?: string;
}

export interface ConfigScanResult {
  results: MisconfigResult[];
  warnings: Warning[];
  files: { file: string; kind: ConfigKind }[];
  kubernetes?: KubernetesScan;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'vendor', '.cache', 'dist']);
const MAX_FILE = 5 * 1024 * 1024;

/** Kind of a file by its name, then its content; undefined when it is none of them. */
export function detectKind(name: string, text: string): ConfigKind | undefined {
  const base = basename(name).toLowerCase();
  if (/^(docker|container)file(\..+)?$/.test(base) || base.endsWith('.dockerfile')) return 'dockerfile';
  if (/\.(ya?ml)$/.test(base)) {
    if (/^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(base)) return 'compose';
    if (looksLikeKubernetes(text)) return 'kubernetes';
    if (/^services\s*:/m.test(text)) return 'compose';
    return undefined;
  }
  if (base.endsWith('.json') && /"apiVersion"\s*:/.test(text) && /"kind"\s*:/.test(text)) return 'kubernetes';
  // extension-less files named on the command line: sniff for FROM
  // blanks, not \s: ^\s* with the m flag is quadratic in a run of blank lines (see looksLikeKubernetes)
  if (!base.includes('.') && /^[ \t]*FROM[ \t]+\S+/im.test(text)) return 'dockerfile';
  return undefined;
}

async function walk(path: string, out: string[], explicit: boolean): Promise<void> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    if (explicit) throw new DrydockError('NOT_FOUND', `no such file or directory: ${path}`, { cause: e });
    return;
  }
  if (st.isFile()) {
    if (explicit || st.size <= MAX_FILE) out.push(path);
    return;
  }
  if (!st.isDirectory()) return;
  // dirent types avoid a stat per file; big trees of manifests are common
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const d of entries) {
    if (SKIP_DIRS.has(d.name)) continue;
    const p = join(path, d.name);
    if (d.isDirectory() || d.isSymbolicLink()) await walk(p, out, false);
    else if (d.isFile()) out.push(p);
  }
}

/** Reads files with bounded concurrency, keeping their order. */
async function readAll(paths: string[], limit = 32): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = new Array(paths.length);
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const i = next++;
      const st = await stat(paths[i]);
      out[i] = st.size > MAX_FILE ? undefined : await readFile(paths[i], 'utf8');
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, paths.length) }, worker));
  return out;
}

export async function scanConfigPaths(paths: string[], options: ConfigScanOptions = {}): Promise<ConfigScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const all: string[] = [];
  for (const p of paths) await walk(p, all, true);
  const explicit = new Set(paths);
  const res: ConfigScanResult = { results: [], warnings: [], files: [] };
  const k8sFiles: { file: string; text: string }[] = [];
  const texts = await readAll(all);
  for (const [i, path] of all.entries()) {
    const text = texts[i];
    if (text === undefined) {
      res.warnings.push({ file: path, message: `skipped: larger than ${MAX_FILE} bytes` });
      continue;
    }
    const rel = relative(cwd, path);
    const file = rel && !rel.startsWith('..') ? rel : path;
    const kind = detectKind(path, text);
    if (!kind) {
      if (explicit.has(path)) res.warnings.push({ file, message: 'not recognised as a Dockerfile, Kubernetes manifest or compose file' });
      continue;
    }
    res.files.push({ file, kind });
    if (kind === 'kubernetes') {
      k8sFiles.push({ file, text });
    } else if (options.pss) {
      // --pss asks for the Pod Security Standards only
      continue;
    } else if (kind === 'dockerfile') {
      const r = scanDockerfile(text, file, { trustedRegistries: options.trustedRegistries });
      appendAll(res.results, r.results);
      appendAll(res.warnings, r.warnings);
    } else {
      const r = scanCompose(text, file);
      appendAll(res.results, r.results);
      appendAll(res.warnings, r.warnings);
    }
  }
  if (k8sFiles.length) {
    const k = scanKubernetes(k8sFiles, { pss: options.pss, pssVersion: options.pssVersion, trustedRegistries: options.trustedRegistries });
    appendAll(res.results, k.results);
    appendAll(res.warnings, k.warnings);
    res.kubernetes = k;
  }
  sortResults(res.results);
  return res;
}
