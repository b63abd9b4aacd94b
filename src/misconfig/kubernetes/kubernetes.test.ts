import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { scanConfigPaths, detectKind } from '../scan-config.js';
import { scanKubernetes } from './index.js';
import { selectorMatches } from './netpol.js';
import { inTime } from '../../../test/helpers/in-time.js';

const FIX = join(import.meta.dirname, '../../../test/fixtures/misconfig/kubernetes');
const keyOf = (r: { rule: { id: string }; file: string; line?: number; suppressed?: unknown }) => `${r.file.split('/').pop()}:${r.line} ${r.rule.id}${r.suppressed ? ' (suppressed)' : ''}`;

test('fixtures: every workload kind, List items, RBAC, NetworkPolicy and compose results point at their lines', async () => {
  const r = await scanConfigPaths([FIX], { cwd: FIX });
  assert.deepEqual(r.warnings, []);
  const got = new Set(r.results.map(keyOf));
  const want = [
    'app.yaml:1 DD-NET-002',
    'app.yaml:12 DD-PSS-007',
    'app.yaml:13 DD-K8S-003',
    'app.yaml:14 DD-PSS-002',
    'app.yaml:17 DD-K8S-004',
    'app.yaml:20 DD-K8S-007',
    'app.yaml:22 DD-PSS-003',
    'app.yaml:65 DD-K8S-008',
    'rbac.yaml:6 DD-RBAC-001',
    'rbac.yaml:9 DD-RBAC-003',
    'rbac.yaml:12 DD-RBAC-004',
    'rbac.yaml:15 DD-RBAC-005',
    'rbac.yaml:18 DD-RBAC-006',
    'rbac.yaml:32 DD-RBAC-002',
    'docker-compose.yml:11 DD-DC-001',
    'docker-compose.yml:12 DD-DC-005',
    'docker-compose.yml:13 DD-DC-005',
    'docker-compose.yml:14 DD-DC-004',
    'docker-compose.yml:15 DD-DC-007',
    'docker-compose.yml:17 DD-DC-006',
    'docker-compose.yml:20 DD-DC-008',
    'docker-compose.yml:24 DD-DC-002 (suppressed)',
  ];
  for (const w of want) assert.ok(got.has(w), `missing ${w}\n${[...got].join('\n')}`);
  const unwanted = [
    /app\.yaml:\d+ DD-NET-001/, // default-deny ingress exists
    /DD-NET-003/, // both workloads are selected by a policy
    /app\.yaml:(2[4-9]|[3-5]\d) DD-(PSS|K8S)/, // the CronJob is compliant and pinned
    /rbac\.yaml:21 /, // configmaps get is fine
    /rbac\.yaml:(3[5-9]|4\d) /, // secrets read limited by resourceNames
    /docker-compose\.yml:([2-8]) /, // app service is fine, DB_PASSWORD comes from the environment
  ];
  for (const u of unwanted) assert.ok(![...got].some((g) => u.test(g)), `unexpected ${u}: ${[...got].filter((g) => u.test(g))}`);
  const priv = r.results.find((x) => x.rule.id === 'DD-PSS-003')!;
  assert.equal(priv.field, 'spec.template.spec.containers[0].securityContext.privileged');
  assert.equal(priv.resource, 'Deployment/shop/web');
});

test('--pss limits the scan to Pod Security Standards results', async () => {
  const r = await scanConfigPaths([FIX], { cwd: FIX, pss: 'baseline' });
  assert.deepEqual([...new Set(r.results.map((x) => x.rule.id))].sort(), ['DD-PSS-002', 'DD-PSS-003', 'DD-PSS-007']);
});

const pod = (extra: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: a, tier: web}\nspec:\n  containers:\n    - name: c\n      image: x:1\n${extra}`;

test('NetworkPolicy coverage: no policy, default-deny both ways, selector matching', () => {
  let r = scanKubernetes([{ file: 'a.yaml', text: pod('') }]);
  assert.deepEqual(r.results.filter((x) => x.rule.id.startsWith('DD-NET')).map((x) => x.rule.id).sort(), ['DD-NET-001', 'DD-NET-002', 'DD-NET-003']);
  const deny = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: d}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n`;
  r = scanKubernetes([{ file: 'a.yaml', text: pod('') + deny }]);
  assert.deepEqual(r.results.filter((x) => x.rule.id.startsWith('DD-NET')), []);
  assert.ok(r.egressDenied.has('default'));
  assert.equal(selectorMatches({ matchLabels: { app: 'a' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] }, { app: 'a', tier: 'web' }), true);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, { tier: 'web' }), false);
});

test('ServiceAccount with automount disabled, suppression above a resource, broken YAML is a warning', () => {
  const sa = `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: default}\nautomountServiceAccountToken: false\n---\n`;
  let r = scanKubernetes([{ file: 'a.yaml', text: sa + pod('') }]);
  assert.ok(!r.results.some((x) => x.rule.id === 'DD-K8S-003'));
  r = scanKubernetes([{ file: 'a.yaml', text: '# drydock:ignore=DD-K8S-004,DD-K8S-005 pinned by the deploy tool\n' + pod('').replace('x:1', 'x') }]);
  assert.ok(r.results.filter((x) => x.rule.id === 'DD-K8S-005').every((x) => x.suppressed?.reason === 'pinned by the deploy tool'));
  r = scanKubernetes([{ file: 'b.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: x\n---\n' + pod('') }]);
  assert.equal(r.warnings.length, 1);
  assert.ok(r.objects.length === 1);
});

test('file kind detection', () => {
  const table: [string, string, string | undefined][] = [
    ['Dockerfile', 'FROM x', 'dockerfile'],
    ['build/api.Dockerfile', 'FROM x', 'dockerfile'],
    ['Containerfile', 'FROM x', 'dockerfile'],
    ['compose.yaml', 'services: {}', 'compose'],
    ['k8s/app.yml', 'apiVersion: v1\nkind: Pod\n', 'kubernetes'],
    ['values.yaml', 'replicas: 2\n', undefined],
    ['README.md', 'FROM x', undefined],
  ];
  for (const [name, text, kind] of table) assert.equal(detectKind(name, text), kind, name);
});

test('file kind detection reads runs of blank lines in linear time (a line-start pattern with \\s* was quadratic)', { timeout: 20_000 }, inTime(10_000, () => {
  // 400 KB of newlines took many minutes; the test times out rather than measures
  const blank = '\n'.repeat(200_000) + ' \n'.repeat(100_000);
  assert.equal(detectKind('k8s/app.yaml', `${blank}apiVersion: v1\n${blank}kind: Pod\n`), 'kubernetes');
  assert.equal(detectKind('k8s/values.yaml', `${blank}replicas: 2\n`), undefined);
  assert.equal(detectKind('build', `${blank}  FROM debian:12\n`), 'dockerfile');
}));
