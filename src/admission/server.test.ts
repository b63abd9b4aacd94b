import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpsRequestRaw } from 'node:https';
import { connect } from 'node:tls';
import { copyFileSync } from 'node:fs';
import { startAdmissionServer, type AdmissionServer } from './server.js';
import { parseAdmissionPolicy } from './policy.js';
import { PSS_FIXTURES, cronJob, deployment, restrictedPod, reviewFor, tempServingCerts } from './test-fixtures.js';
import { httpsAgent, httpsRequest } from './https-client.js';
import type { Agent } from 'node:https';

const POLICY = `
pss: restricted
mode: enforce
trustedRegistries: [registry.example.com]
namespaces:
  dev: warn
  legacy: audit
  sandbox-*: { pss: baseline }
exemptions:
  namespaces: [kube-system]
  serviceAccounts: [ops:break-glass]
`;

describe('admission webhook over HTTPS', () => {
  let srv: AdmissionServer;
  let agent: Agent;
  let certs: Awaited<ReturnType<typeof tempServingCerts>>;

  before(async () => {
    certs = await tempServingCerts();
    srv = await startAdmissionServer({ policy: parseAdmissionPolicy(POLICY, 'policy.yaml'), certFile: certs.certFile, keyFile: certs.keyFile, port: 0, bodyTimeoutMs: 400 });
    agent = httpsAgent(certs.ca);
  });
  after(async () => {
    agent?.destroy();
    await srv?.close();
  });

  const review = async (object: Record<string, any>, opts?: Parameters<typeof reviewFor>[1]) => {
    const body = reviewFor(object, opts);
    const r = await httpsRequest(`${srv.url}/validate`, { agent, method: 'POST', body: JSON.stringify(body) });
    assert.equal(r.status, 200, r.body);
    const out = JSON.parse(r.body);
    assert.equal(out.apiVersion, 'admission.k8s.io/v1');
    assert.equal(out.kind, 'AdmissionReview');
    assert.equal(out.response.uid, body.request.uid, 'uid is echoed');
    return out.response as { allowed: boolean; status?: { code: number; reason: string; message: string }; warnings?: string[]; auditAnnotations?: Record<string, string> };
  };

  it('denies a pod running as root, naming the rule, container, field and fix', async () => {
    const r = await review(PSS_FIXTURES.root);
    assert.equal(r.allowed, false);
    assert.equal(r.status?.code, 403);
    assert.match(r.status!.message, /Pod apps\/root/);
    assert.match(r.status!.message, /\[DD-PSS-014 PSS restricted: Running as Non-root\] container "app", field spec\.containers\[0\]\.securityContext\.runAsNonRoot: .*Fix: set securityContext\.runAsNonRoot: true/);
    assert.match(r.status!.message, /Running as Non-root user\] field spec\.securityContext\.runAsUser: pod must not set runAsUser=0/);
  });

  it('denies a privileged pod', async () => {
    const r = await review(PSS_FIXTURES.privileged);
    assert.equal(r.allowed, false);
    assert.match(r.status!.message, /Privileged Containers\] container "app", field spec\.containers\[0\]\.securityContext\.privileged: .*Fix: remove securityContext\.privileged/);
  });

  it('denies a Deployment whose template mounts a hostPath, with the path inside the Deployment', async () => {
    const r = await review(deployment(PSS_FIXTURES.hostPath.spec));
    assert.equal(r.allowed, false);
    assert.match(r.status!.message, /Deployment apps\/web/);
    assert.match(r.status!.message, /HostPath Volumes\] field spec\.template\.spec\.volumes\[0\]\.hostPath: volume "docker" mounts a hostPath\. Fix: replace the hostPath volume/);
  });

  it('denies a CronJob with a privileged container (jobTemplate path)', async () => {
    const r = await review(cronJob(PSS_FIXTURES.privileged.spec));
    assert.equal(r.allowed, false);
    assert.match(r.status!.message, /field spec\.jobTemplate\.spec\.template\.spec\.containers\[0\]\.securityContext\.privileged/);
  });

  it('denies an image from an untrusted registry', async () => {
    const r = await review(restrictedPod('docker.io/library/nginx:1.27'));
    assert.equal(r.allowed, false);
    assert.match(r.status!.message, /\[DD-K8S-006 Image from a registry outside the trusted list\] container "app", field spec\.containers\[0\]\.image: .*nginx:1\.27 is not from a trusted registry.*trusted: registry\.example\.com/);
  });

  it('allows a restricted-compliant pod and workloads built from it, on CREATE and UPDATE', async () => {
    const ok = await review(restrictedPod());
    assert.equal(ok.allowed, true);
    assert.equal(ok.status, undefined);
    assert.equal(ok.warnings, undefined, 'a fully hardened pod draws no warnings');
    for (const kind of ['StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController']) {
      const w = deployment(restrictedPod().spec);
      w.kind = kind;
      assert.equal((await review(w, { operation: 'UPDATE', oldObject: deployment(PSS_FIXTURES.privileged.spec) })).allowed, true, kind);
    }
  });

  it('judges updates that change the template, not those that only relabel', async () => {
    const bad = deployment(PSS_FIXTURES.privileged.spec);
    const relabeled = structuredClone(bad);
    relabeled.metadata.labels = { tier: 'web' };
    assert.equal((await review(relabeled, { operation: 'UPDATE', oldObject: bad })).allowed, true);
    assert.equal((await review(bad, { operation: 'UPDATE', oldObject: deployment(restrictedPod().spec) })).allowed, false);
  });

  it('warn mode allows with warnings; audit mode allows with warnings and audit annotations', async () => {
    const inDev = structuredClone(PSS_FIXTURES.privileged);
    inDev.metadata.namespace = 'dev';
    const w = await review(inDev);
    assert.equal(w.allowed, true);
    assert.ok(w.warnings?.some((s) => /^would be denied: \[DD-PSS-003\] container "app" must not set securityContext\.privileged=true/.test(s)), String(w.warnings));
    assert.equal(w.auditAnnotations, undefined);

    const inLegacy = structuredClone(PSS_FIXTURES.hostNetwork);
    inLegacy.metadata.namespace = 'legacy';
    const a = await review(inLegacy);
    assert.equal(a.allowed, true);
    assert.ok(a.warnings?.some((s) => s.includes('DD-PSS-002')));
    assert.equal(a.auditAnnotations?.rules, 'DD-PSS-002');
    assert.match(a.auditAnnotations!.violations, /hostNetwork=true/);
  });

  it('hardening rules outside the deny list only warn', async () => {
    const p = restrictedPod();
    delete p.spec.containers[0].securityContext.readOnlyRootFilesystem;
    const r = await review(p);
    assert.equal(r.allowed, true);
    assert.deepEqual(r.warnings?.map((s) => s.slice(0, 12)), ['[DD-K8S-001]']);
  });

  it('per-namespace PSS level and exemptions', async () => {
    const sandbox = structuredClone(PSS_FIXTURES.noSeccomp);
    sandbox.metadata.namespace = 'sandbox-1';
    assert.equal((await review(sandbox)).allowed, true, 'baseline does not require seccomp');
    const sandboxPriv = structuredClone(PSS_FIXTURES.privileged);
    sandboxPriv.metadata.namespace = 'sandbox-1';
    assert.equal((await review(sandboxPriv)).allowed, false, 'baseline still forbids privileged');
    const sys = structuredClone(PSS_FIXTURES.privileged);
    sys.metadata.namespace = 'kube-system';
    assert.equal((await review(sys)).allowed, true);
    assert.equal((await review(PSS_FIXTURES.privileged, { username: 'system:serviceaccount:ops:break-glass' })).allowed, true);
  });

  it('malformed, non-AdmissionReview and oversized bodies get a 4xx fast', async () => {
    const t0 = performance.now();
    const bad = await httpsRequest(`${srv.url}/validate`, { agent, method: 'POST', body: '{"apiVersion": "admission.k8s.io/v1", "kind": ' });
    assert.equal(bad.status, 400);
    assert.match(JSON.parse(bad.body).error, /malformed JSON/);
    const wrong = await httpsRequest(`${srv.url}/validate`, { agent, method: 'POST', body: JSON.stringify({ apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request: {} }) });
    assert.equal(wrong.status, 400);
    assert.match(JSON.parse(wrong.body).error, /not an admission\.k8s\.io\/v1 AdmissionReview: apiVersion/);
    const noUid = reviewFor(restrictedPod());
    delete noUid.request.uid;
    assert.equal((await httpsRequest(`${srv.url}/validate`, { agent, method: 'POST', body: JSON.stringify(noUid) })).status, 400);
    const big = await httpsRequest(`${srv.url}/validate`, { agent: httpsAgent(certs.ca), method: 'POST', body: Buffer.alloc(5 * 1024 * 1024, 0x20) });
    assert.equal(big.status, 400);
    assert.ok(performance.now() - t0 < 2000, 'all answered quickly');
    assert.equal((await httpsRequest(`${srv.url}/validate`, { agent, method: 'GET' })).status, 405);
  });

  it('an oversized chunked body (no content-length) is cut off at the limit', async () => {
    const r = await new Promise<number>((resolve, reject) => {
      const req = httpsRequestRaw(`${srv.url}/validate`, { method: 'POST', ca: certs.ca, headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 4 * 1024 * 1024) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    assert.equal(r, 400);
  });

  it('a body that never completes gets a 400 within the body deadline', async () => {
    const t0 = performance.now();
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpsRequestRaw(`${srv.url}/validate`, { method: 'POST', ca: certs.ca, headers: { 'content-length': '1000', 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"apiVersion":');
    });
    assert.equal(status, 400);
    assert.ok(performance.now() - t0 < 1500);
  });

  it('health, readiness and metrics (requests, denials by rule, latency histogram)', async () => {
    assert.equal((await httpsRequest(`${srv.url}/healthz`, { agent })).status, 200);
    assert.equal((await httpsRequest(`${srv.url}/readyz`, { agent })).status, 200);
    assert.equal((await httpsRequest(`${srv.url}/nope`, { agent })).status, 404);
    const m = (await httpsRequest(`${srv.url}/metrics`, { agent })).body;
    assert.match(m, /^drydock_admission_requests_total\{kind="Pod",operation="CREATE",decision="denied"\} [1-9]\d*$/m);
    assert.match(m, /^drydock_admission_requests_total\{kind="Pod",operation="CREATE",decision="allowed"\} [1-9]/m);
    assert.match(m, /^drydock_admission_denials_total\{rule="DD-PSS-003",mode="enforce"\} [1-9]/m);
    assert.match(m, /^drydock_admission_denials_total\{rule="DD-PSS-003",mode="warn"\} 1$/m);
    assert.match(m, /^drydock_admission_bad_requests_total\{status="400"\} [1-9]/m);
    assert.match(m, /^drydock_admission_review_duration_seconds_bucket\{le="\+Inf"\} [1-9]/m);
    assert.match(m, /# TYPE drydock_admission_review_duration_seconds histogram/);
  });

  it('speaks TLS 1.2+ only', async () => {
    const port = srv.port;
    const err = await new Promise<unknown>((resolve) => {
      const s = connect({ host: '127.0.0.1', port, ca: certs.ca, minVersion: 'TLSv1', maxVersion: 'TLSv1.1' }, () => resolve(undefined));
      s.on('error', resolve);
    });
    assert.ok(err instanceof Error, 'a TLS 1.1 handshake is refused');
  });

  it('reloads the serving certificate when the files change', async () => {
    const fresh = await tempServingCerts();
    // replace both files; the old CA must stop working and the new one must work for new connections
    copyFileSync(fresh.certFile, certs.certFile);
    copyFileSync(fresh.keyFile, certs.keyFile);
    let ok = false;
    for (let i = 0; i < 40 && !ok; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const a = httpsAgent(fresh.ca);
      ok = await httpsRequest(`${srv.url}/healthz`, { agent: a }).then(
        (r) => r.status === 200,
        () => false,
      );
      a.destroy();
    }
    assert.ok(ok, 'the new certificate is served (fs.watch picked the change up)');
    const old = httpsAgent(certs.ca);
    await assert.rejects(httpsRequest(`${srv.url}/healthz`, { agent: old }));
    old.destroy();
    agent.destroy();
    agent = httpsAgent(fresh.ca);
    certs = { ...certs, ca: fresh.ca };
  });
});
