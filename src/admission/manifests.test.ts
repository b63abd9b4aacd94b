import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildManifests, manifestsToYaml } from './manifests.js';
import { parseAdmissionPolicy } from './policy.js';
import { decide } from './decide.js';
import { reviewFor } from './test-fixtures.js';
import { startAdmissionServer } from './server.js';
import { httpsRequest } from './https-client.js';
import { Agent } from 'node:https';
import type { AdmissionRequest } from './review.js';
import { makeTempDir } from '../../test/helpers/tmp.js';

const POLICY_TEXT = 'pss: restricted\nvulnerabilities: {denyKev: true, deadline: 8s}\n';
const KNOWN = new Set([
  'v1/Namespace', 'v1/ServiceAccount', 'v1/ConfigMap', 'v1/Secret', 'v1/Service', 'apps/v1/Deployment', 'policy/v1/PodDisruptionBudget',
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration', 'cert-manager.io/v1/Issuer', 'cert-manager.io/v1/Certificate',
]);
const CLUSTER_SCOPED = new Set(['Namespace', 'ValidatingWebhookConfiguration']);

const byKind = (objs: Record<string, any>[], kind: string) => objs.filter((o) => o.kind === kind);
const one = (objs: Record<string, any>[], kind: string) => {
  const l = byKind(objs, kind);
  assert.equal(l.length, 1, kind);
  return l[0];
};

describe('admission manifests', () => {
  it('are valid Kubernetes objects whose webhook, Service, Deployment and certificate fit together', async () => {
    const policy = parseAdmissionPolicy(POLICY_TEXT);
    const objs = await buildManifests({ policy, policyText: POLICY_TEXT, namespace: 'guard', name: 'dd' });
    for (const o of objs) {
      assert.ok(KNOWN.has(`${o.apiVersion}/${o.kind}`), `${o.apiVersion}/${o.kind}`);
      assert.match(o.metadata.name, /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
      if (CLUSTER_SCOPED.has(o.kind)) assert.equal(o.metadata.namespace, undefined);
      else assert.equal(o.metadata.namespace, 'guard', `${o.kind} is in the namespace`);
    }
    assert.equal(one(objs, 'Namespace').metadata.name, 'guard');
    assert.equal(objs.filter((o) => /Role/.test(o.kind)).length, 0, 'no RBAC grants: the webhook calls no API');
    const sa = one(objs, 'ServiceAccount');
    assert.equal(sa.automountServiceAccountToken, false);

    const svc = one(objs, 'Service');
    const dep = one(objs, 'Deployment');
    const vwc = one(objs, 'ValidatingWebhookConfiguration');
    const secret = one(objs, 'Secret');
    const wh = vwc.webhooks[0];
    assert.deepEqual(wh.clientConfig.service, { name: svc.metadata.name, namespace: svc.metadata.namespace, path: '/validate', port: svc.spec.ports[0].port });
    assert.equal(wh.sideEffects, 'None');
    assert.deepEqual(wh.admissionReviewVersions, ['v1']);
    assert.ok(wh.timeoutSeconds >= 1 && wh.timeoutSeconds <= 30);
    assert.ok(policy.vulnerabilities!.deadline < wh.timeoutSeconds * 1000);
    assert.deepEqual(wh.namespaceSelector.matchExpressions, [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['guard', 'kube-system'] }]);
    for (const r of wh.rules) assert.deepEqual(r.operations, ['CREATE', 'UPDATE']);

    // the CA bundle is the CA that signed the serving certificate, and the certificate names the Service
    const caPem = Buffer.from(wh.clientConfig.caBundle, 'base64').toString('utf8');
    assert.equal(caPem, Buffer.from(secret.data['ca.crt'], 'base64').toString('utf8'));
    const ca = new X509Certificate(caPem);
    const cert = new X509Certificate(Buffer.from(secret.data['tls.crt'], 'base64'));
    assert.ok(ca.ca && !cert.ca);
    assert.ok(cert.verify(ca.publicKey), 'serving cert signed by the bundled CA');
    assert.equal(cert.checkHost(`${svc.metadata.name}.${svc.metadata.namespace}.svc`), `dd.guard.svc`);
    assert.equal(secret.type, 'kubernetes.io/tls');

    // Service → pods → container port; volumes reference the generated Secret and ConfigMap
    const tpl = dep.spec.template;
    for (const [k, v] of Object.entries(svc.spec.selector)) assert.equal(tpl.metadata.labels[k], v);
    const c = tpl.spec.containers.find((x: { name: string }) => x.name === 'webhook');
    assert.ok(c.ports.some((p: { name: string }) => p.name === svc.spec.ports[0].targetPort));
    assert.equal(tpl.spec.volumes.find((v: { name: string }) => v.name === 'tls').secret.secretName, secret.metadata.name);
    assert.equal(tpl.spec.volumes.find((v: { name: string }) => v.name === 'policy').configMap.name, one(objs, 'ConfigMap').metadata.name);
    assert.equal(one(objs, 'ConfigMap').data['policy.yaml'], POLICY_TEXT);
    assert.equal(c.readinessProbe.httpGet.path, '/readyz');
    assert.equal(c.livenessProbe.httpGet.path, '/healthz');
    assert.equal(dep.spec.replicas, 2);
    assert.equal(tpl.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey, 'kubernetes.io/hostname');
    assert.ok(c.resources.limits.cpu && c.resources.limits.memory && c.resources.requests.cpu);
    assert.ok(c.args.includes('--db'), 'the gate needs its database');

    // the webhook's own Deployment passes its own restricted policy, hardening warnings included
    const strict = parseAdmissionPolicy('pss: restricted\nhardening: {deny: [DD-K8S-001, DD-K8S-002, DD-K8S-003]}\n');
    const d = decide(strict, reviewFor(dep).request as AdmissionRequest);
    assert.deepEqual(d.deny, []);
    assert.deepEqual(d.warn, []);

    // and YAML output parses back to the same objects
    const docs = parseAllDocuments(manifestsToYaml(objs));
    assert.deepEqual(
      (Array.isArray(docs) ? docs : []).map((x) => x.toJS()),
      objs.map((o) => JSON.parse(JSON.stringify(o))),
    );
  });

  it('the generated certificate really serves the Service name, trusted through the caBundle', async () => {
    const policy = parseAdmissionPolicy('pss: baseline\n');
    const objs = await buildManifests({ policy, policyText: 'pss: baseline\n' });
    const secret = one(objs, 'Secret');
    const wh = one(objs, 'ValidatingWebhookConfiguration').webhooks[0];
    const dir = makeTempDir('drydock-manifest-');
    writeFileSync(join(dir, 'tls.crt'), Buffer.from(secret.data['tls.crt'], 'base64'));
    writeFileSync(join(dir, 'tls.key'), Buffer.from(secret.data['tls.key'], 'base64'));
    const srv = await startAdmissionServer({ policy, certFile: join(dir, 'tls.crt'), keyFile: join(dir, 'tls.key'), port: 0 });
    const agent = new Agent({ ca: Buffer.from(wh.clientConfig.caBundle, 'base64'), servername: `${wh.clientConfig.service.name}.${wh.clientConfig.service.namespace}.svc` });
    try {
      const r = await httpsRequest(`https://127.0.0.1:${srv.port}/healthz`, { agent, headers: { host: 'drydock-admission.drydock-system.svc' } });
      assert.equal(r.status, 200);
    } finally {
      agent.destroy();
      await srv.close();
    }
  });

  it('cert-manager mode injects the CA by annotation and issues the serving certificate for the Service', async () => {
    const policy = parseAdmissionPolicy('pss: restricted\n');
    const objs = await buildManifests({ policy, policyText: 'pss: restricted\n', certificates: 'cert-manager' });
    assert.equal(byKind(objs, 'Secret').length, 0);
    const vwc = one(objs, 'ValidatingWebhookConfiguration');
    assert.equal(vwc.webhooks[0].clientConfig.caBundle, undefined);
    const [ns, certName] = vwc.metadata.annotations['cert-manager.io/inject-ca-from'].split('/');
    const serving = byKind(objs, 'Certificate').find((c) => c.metadata.name === certName)!;
    assert.equal(serving.metadata.namespace, ns);
    assert.ok(serving.spec.dnsNames.includes('drydock-admission.drydock-system.svc'));
    const dep = one(objs, 'Deployment');
    assert.equal(dep.spec.template.spec.volumes.find((v: { name: string }) => v.name === 'tls').secret.secretName, serving.spec.secretName);
    const issuer = byKind(objs, 'Issuer').find((i) => i.metadata.name === serving.spec.issuerRef.name)!;
    assert.ok(byKind(objs, 'Certificate').some((c) => c.spec.isCA && c.spec.secretName === issuer.spec.ca.secretName));
    assert.equal(dep.spec.template.spec.initContainers, undefined, 'no vulnerability DB without a gate');
  });

  it('refuses a scan deadline that would outlast the webhook timeout', async () => {
    const policy = parseAdmissionPolicy('vulnerabilities: {deadline: 12s}\n');
    await assert.rejects(buildManifests({ policy, policyText: '', timeoutSeconds: 10 }), { code: 'USAGE', message: /deadline \(12000 ms\) must end before the webhook timeout \(10 s\)/ });
  });
});
