// Admission webhook load benchmark (not a test), 127.0.0.1 only.
// The webhook runs as `drydock admission serve` in a child process; this process fires bounded concurrent HTTPS
// reviews over keep-alive connections and reports reviews/s, p50/p99 latency and the server's RSS. The client is a
// minimal HTTP/1.1 one with pre-serialised requests, as it shares the 2 cores with the webhook.
// Run: node --import tsx bench/admission.ts   [ADMISSION_BENCH_REQUESTS=100000] [ADMISSION_BENCH_PROFILE=dir]
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { PSS_FIXTURES, deployment, restrictedPod, reviewFor, tempServingCerts } from '../src/admission/test-fixtures.js';
import { httpsAgent, httpsRequest } from '../src/admission/https-client.js';
import { fixturesAvailable, startRegistry } from '../test/helpers/registry.js';
import { buildStore } from '../src/vulndb/test-store.js';
import { SHARED_DATA } from '../test/helpers/shared-data.js';

const BIN = fileURLToPath(new URL('../bin/drydock.js', import.meta.url));
const TOMCAT_GHSA = `${SHARED_DATA}osv/tomcat-ghsa`;
const KEV = `${SHARED_DATA}kev/known_exploited_vulnerabilities.json`;

export interface LoadFigures {
  requests: number;
  concurrency: number;
  seconds: number;
  reviewsPerSecond: number;
  p50ms: number;
  p99ms: number;
  maxms: number;
  errors: number;
  denied: number;
  /** p99 bucket bound of the server's own latency histogram (excludes the client's share of the 2 cores) */
  serverP99ms?: number;
}

export interface AdmissionBenchFigures {
  policyOnly: LoadFigures & { rssBeforeMB: number; rssAfterMB: number; rssGrowthMB: number };
  gateWarm?: LoadFigures;
  targets: { policyOnlyRps: number; policyOnlyP99Ms: number; gateP99Ms: number; rssGrowthMB: number };
  pass: boolean;
}

const rssMB = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};

async function startServer(policyFile: string, certs: { certFile: string; keyFile: string }, extra: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  // ADMISSION_BENCH_PROFILE=dir: CPU profiles of the webhook (one per server) into dir
  const prof = process.env.ADMISSION_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.ADMISSION_BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...prof, BIN, 'admission', 'serve', '--config', policyFile, '--cert', certs.certFile, '--key', certs.keyFile, '--listen', '127.0.0.1:0', ...extra], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const m = /listening on (https:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`webhook exited ${code}: ${err}`)));
  });
  return { url, child };
}

/** Upper bound of the histogram bucket holding the 99th percentile, from /metrics (cumulative since start). */
async function serverP99(url: string, ca: string): Promise<number | undefined> {
  const agent = httpsAgent(ca, 1);
  const text = (await httpsRequest(`${url}/metrics`, { agent })).body;
  agent.destroy();
  const buckets = [...text.matchAll(/^drydock_admission_review_duration_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)].map((m) => [Number(m[1]), Number(m[2])] as const);
  const count = buckets.at(-1)?.[1] ?? 0;
  const hit = buckets.find(([, c]) => c >= 0.99 * count);
  return hit ? hit[0] * 1000 : undefined;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise((r) => {
    child.once('exit', r);
    child.kill('SIGTERM');
  });
}

/**
 * One keep-alive HTTPS/1.1 connection speaking just enough of the protocol for the bench: each request is written as
 * one pre-serialised buffer, the answer is framed by its content-length. The load generator shares the 2 cores with
 * the webhook, so it stays far cheaper than node:https (no ClientRequest/IncomingMessage, no header objects).
 */
class RawConnection {
  private socket?: TLSSocket;
  private buf: Buffer = Buffer.alloc(0);
  private pending?: { resolve: (r: { status: number; denied: boolean }) => void; reject: (e: Error) => void };

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly ca: string,
  ) {}

  private connect(): Promise<TLSSocket> {
    return new Promise((resolve, reject) => {
      const s = tlsConnect({ host: this.host, port: this.port, ca: this.ca, minVersion: 'TLSv1.2' }, () => {
        s.off('error', reject);
        s.setNoDelay(true);
        s.on('error', (e) => this.fail(e));
        s.on('close', () => this.fail(new Error('connection closed')));
        resolve(s);
      });
      s.once('error', reject);
      s.on('data', (c: Buffer) => this.onData(c));
    });
  }

  private fail(e: Error): void {
    this.socket?.destroy();
    this.socket = undefined;
    this.buf = Buffer.alloc(0);
    const p = this.pending;
    this.pending = undefined;
    p?.reject(e);
  }

  private onData(c: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, c]) : c;
    const p = this.pending;
    if (!p) return;
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buf.toString('latin1', 0, end);
    const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!m) return this.fail(new Error('response without content-length'));
    const total = end + 4 + Number(m[1]);
    if (this.buf.length < total) return;
    const body = this.buf.subarray(end + 4, total);
    const status = Number(head.slice(9, 12));
    const denied = body.indexOf('"allowed":false') >= 0;
    this.buf = this.buf.length > total ? this.buf.subarray(total) : Buffer.alloc(0);
    this.pending = undefined;
    if (/\r\nconnection:\s*close/i.test(head)) {
      this.socket?.destroy();
      this.socket = undefined;
    }
    p.resolve({ status, denied });
  }

  async send(request: Buffer): Promise<{ status: number; denied: boolean }> {
    this.socket ??= await this.connect();
    const socket = this.socket;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      socket.write(request);
    });
  }

  close(): void {
    this.socket?.destroy();
  }
}

/** Closed-loop load: `concurrency` connections each send the next body as soon as the previous answer arrived. */
async function load(url: string, ca: string, bodies: string[], total: number, concurrency: number): Promise<LoadFigures> {
  const u = new URL(url);
  const requests = bodies.map((b) =>
    Buffer.from(`POST /validate HTTP/1.1\r\nhost: ${u.host}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(b)}\r\n\r\n${b}`),
  );
  const conns = Array.from({ length: concurrency }, () => new RawConnection(u.hostname, Number(u.port), ca));
  const lat = new Float64Array(total);
  let next = 0;
  let errors = 0;
  let denied = 0;
  const t0 = performance.now();
  await Promise.all(
    conns.map(async (conn) => {
      for (let i = next++; i < total; i = next++) {
        const start = performance.now();
        try {
          const r = await conn.send(requests[i % requests.length]);
          lat[i] = performance.now() - start;
          if (r.status !== 200) errors++;
          else if (r.denied) denied++;
        } catch {
          errors++;
          lat[i] = NaN;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  for (const c of conns) c.close();
  const sorted = Array.from(lat).filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return { requests: total, concurrency, seconds: r2(seconds), reviewsPerSecond: Math.round(total / seconds), p50ms: r2(q(0.5)), p99ms: r2(q(0.99)), maxms: r2(sorted.at(-1) ?? NaN), errors, denied };
}

/** A mix of allowed and denied Pods and workloads, serialised once. */
function policyBodies(): string[] {
  const objs = [restrictedPod(), PSS_FIXTURES.privileged, PSS_FIXTURES.root, deployment(PSS_FIXTURES.hostPath.spec), deployment(restrictedPod().spec), PSS_FIXTURES.capSysAdmin, PSS_FIXTURES.untrusted, restrictedPod('registry.example.com/team/api:2.0.1', 'api')];
  return objs.map((o) => JSON.stringify(reviewFor(o)));
}

export async function runAdmissionBench(opts: { requests?: number; concurrency?: number; log?: (s: string) => void } = {}): Promise<AdmissionBenchFigures> {
  const log = opts.log ?? (() => undefined);
  const total = opts.requests ?? Number(process.env.ADMISSION_BENCH_REQUESTS ?? 100_000);
  const concurrency = opts.concurrency ?? 8;
  const certs = await tempServingCerts();
  const policyFile = join(certs.dir, 'policy.yaml');
  writeFileSync(policyFile, 'pss: restricted\nmode: enforce\ntrustedRegistries: [registry.example.com]\nexemptions: {namespaces: [kube-system]}\n');

  // 1. policy-only decisions, RSS sampled after warm-up and after `total` requests
  const a = await startServer(policyFile, certs);
  let policyOnly: AdmissionBenchFigures['policyOnly'];
  try {
    await load(a.url, certs.ca, policyBodies(), 5_000, concurrency);
    const before = rssMB(a.child.pid!);
    log(`policy-only: ${total} reviews, concurrency ${concurrency}…`);
    const f = await load(a.url, certs.ca, policyBodies(), total, concurrency);
    const after = rssMB(a.child.pid!);
    f.serverP99ms = await serverP99(a.url, certs.ca);
    policyOnly = { ...f, rssBeforeMB: Math.round(before), rssAfterMB: Math.round(after), rssGrowthMB: Math.round(after - before) };
  } finally {
    await stop(a.child);
  }

  // 2. the vulnerability gate with a warm cache: real registry, DB from real GHSA + KEV records
  let gateWarm: LoadFigures | undefined;
  if (fixturesAvailable() && existsSync(TOMCAT_GHSA) && existsSync(KEV)) {
    const [reg, built] = await Promise.all([startRegistry({ push: ['mini-tomcat'] }), buildStore([TOMCAT_GHSA, KEV])]);
    built.store.close();
    const gatePolicy = join(certs.dir, 'gate.yaml');
    writeFileSync(gatePolicy, `pss: restricted\ntrustedRegistries: [${reg.host}, registry.example.com]\nvulnerabilities: {denySeverity: CRITICAL, denyKev: true, cacheTTL: 1h, deadline: 8s, onTimeout: fail-closed}\n`);
    const g = await startServer(gatePolicy, certs, ['--db', built.path]);
    try {
      const bodies = [restrictedPod(`${reg.host}/imagelab/mini-tomcat:latest`, 'tomcat'), deployment(restrictedPod(`${reg.host}/imagelab/mini-tomcat:latest`).spec)].map((o) => JSON.stringify(reviewFor(o)));
      await load(g.url, certs.ca, bodies, 2_000, concurrency); // first review scans, the rest warm the JIT
      const n = Math.min(total, 20_000);
      log(`vulnerability gate (warm cache): ${n} reviews…`);
      gateWarm = await load(g.url, certs.ca, bodies, n, concurrency);
      gateWarm.serverP99ms = await serverP99(g.url, certs.ca);
    } finally {
      await stop(g.child);
      await reg.stop();
    }
  } else {
    log('vulnerability gate case skipped: registry fixtures or shared data missing');
  }

  const targets = { policyOnlyRps: 2000, policyOnlyP99Ms: 10, gateP99Ms: 20, rssGrowthMB: 50 };
  const pass =
    policyOnly.errors === 0 &&
    policyOnly.reviewsPerSecond >= targets.policyOnlyRps &&
    policyOnly.p99ms < targets.policyOnlyP99Ms &&
    policyOnly.rssGrowthMB < targets.rssGrowthMB &&
    (!gateWarm || (gateWarm.errors === 0 && gateWarm.p99ms < targets.gateP99Ms));
  return { policyOnly, gateWarm, targets, pass };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const figures = await runAdmissionBench({ log: (s) => process.stderr.write(s + '\n') });
  const p = figures.policyOnly;
  console.log(`admission policy-only: ${p.reviewsPerSecond} reviews/s, p50 ${p.p50ms} ms, p99 ${p.p99ms} ms, max ${p.maxms} ms, server-side p99 ≤ ${p.serverP99ms} ms, ${p.requests} requests (${p.denied} denied, ${p.errors} errors), RSS ${p.rssBeforeMB} → ${p.rssAfterMB} MB`);
  if (figures.gateWarm) {
    const g = figures.gateWarm;
    console.log(`admission gate (warm cache): ${g.reviewsPerSecond} reviews/s, p50 ${g.p50ms} ms, p99 ${g.p99ms} ms, max ${g.maxms} ms, server-side p99 ≤ ${g.serverP99ms} ms, ${g.requests} requests (${g.denied} denied, ${g.errors} errors)`);
  }
  console.log(JSON.stringify(figures, null, 2));
  process.exitCode = figures.pass ? 0 : 1;
}
