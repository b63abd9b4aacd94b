// Admission webhook load benchmark (not a test), 127.0.0.1 only.
// The webhook runs as `drydock admission serve` in a child process; this process fires bounded concurrent HTTPS
// reviews over keep-alive connections and reports reviews/s, p50/p99 latency and the server's RSS.
// Run: node --import tsx bench/admission.ts   [ADMISSION_BENCH_REQUESTS=100000]
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
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
  const child = spawn(process.execPath, [BIN, 'admission', 'serve', '--config', policyFile, '--cert', certs.certFile, '--key', certs.keyFile, '--listen', '127.0.0.1:0', ...extra], {
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

/** Closed-loop load: `concurrency` workers each send the next body as soon as the previous answer arrived. */
async function load(url: string, ca: string, bodies: string[], total: number, concurrency: number): Promise<LoadFigures> {
  const agent = httpsAgent(ca, concurrency);
  const lat = new Float64Array(total);
  let next = 0;
  let errors = 0;
  let denied = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < total; i = next++) {
        try {
          const r = await httpsRequest(`${url}/validate`, { agent, method: 'POST', body: bodies[i % bodies.length] });
          lat[i] = r.ms;
          if (r.status !== 200) errors++;
          else if (r.body.includes('"allowed":false')) denied++;
        } catch {
          errors++;
          lat[i] = NaN;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
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
