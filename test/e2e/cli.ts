// Shared by the end-to-end tests: runs the real CLI (`node bin/drydock.js …`) as a child process and
// builds a vulnerability database from the real data in ../shared/data (beside the repo root).
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir } from '../helpers/tmp.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = join(ROOT, 'bin/drydock.js');
/** /work/shared/data, found relative to the repo root (the folder `shared` beside it). */
export const DATA = resolve(ROOT, '..', 'shared', 'data');
export const IMAGES = join(ROOT, '.cache/images');

export const DATA_SKIP = existsSync(join(DATA, 'PROVENANCE.md'))
  ? false
  : `no shared test data at ${DATA} (expected ../shared/data beside the repo root)`;
export const IMAGES_SKIP = existsSync(join(IMAGES, 'fixtures.json'))
  ? false
  : 'no .cache/images/fixtures.json: run test/tools/build-images.sh .cache/images';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** ms before the child is killed (then timedOut is true) */
  timeout?: number;
}

/** Runs `node bin/drydock.js ...args`; never throws for a non-zero exit. */
export function drydock(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  return new Promise((res, rej) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, ...opts.env })) if (v !== undefined) env[k] = v;
    // the test runner's own flags must not leak into the child
    delete env.NODE_TEST_CONTEXT;
    const child = spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeout ?? 60_000);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', rej);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      res({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(opts.stdin ?? '');
  });
}

/** Describes a result for assertion messages. */
export function show(r: CliResult): string {
  return `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}${r.timedOut ? ' TIMED OUT' : ''}\nstderr: ${r.stderr.slice(0, 2000)}\nstdout: ${r.stdout.slice(0, 1000)}`;
}

/** A fresh temp dir; removeDir() frees it early, and it is removed when the test process exits in any case. */
export function tempDir(prefix: string): string {
  return makeTempDir(`drydock-e2e-${prefix}-`);
}

export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** Real advisory sources imported into the per-file database. */
export const DB_SOURCES = [
  'osv/tomcat-ghsa',
  'osv/debian-dsa-dla-2023-04.zip',
  'alpine-secdb/v3.14-main-partial.json',
  'kev/known_exploited_vulnerabilities.json',
];

/** `drydock db import` of the real data into DIR/db.sqlite; returns the path. */
export async function buildDb(dir: string): Promise<string> {
  const db = join(dir, 'db.sqlite');
  const r = await drydock(['db', 'import', '--db', db, ...DB_SOURCES.map((s) => join(DATA, s))], { timeout: 120_000 });
  if (r.code !== 0) throw new Error(`db import failed: ${show(r)}`);
  return db;
}

// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[[0-9;]*[A-Za-z]/;
