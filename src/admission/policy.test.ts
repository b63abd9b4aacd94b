import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAdmissionPolicy, namespacePolicy, parseDuration } from './policy.js';

test('the example policy from the issue parses with defaults filled in', () => {
  const p = parseAdmissionPolicy(
    'pss: restricted\nmode: enforce\ntrustedRegistries: [registry.example.com]\nvulnerabilities: {denySeverity: CRITICAL, denyKev: true, cacheTTL: 1h, deadline: 8s, onTimeout: fail-open}\nexemptions: {namespaces: [kube-system]}\n',
    'policy.yaml',
  );
  assert.equal(p.pss, 'restricted');
  assert.equal(p.pssVersion, 'latest');
  assert.deepEqual(p.vulnerabilities, { denySeverity: 'CRITICAL', denyKev: true, denyFixableCritical: true, cacheTTL: 3_600_000, deadline: 8000, onTimeout: 'fail-open', insecureRegistries: [] });
  assert.deepEqual(p.exemptions, { namespaces: ['kube-system'], serviceAccounts: [], images: [], usernames: [] });
  assert.deepEqual(p.hardeningDeny, []);
  assert.deepEqual(p.hardeningWarn, ['DD-K8S-001', 'DD-K8S-002', 'DD-K8S-003', 'DD-K8S-004', 'DD-K8S-007']);
});

test('errors carry file, line and column of the offending value or key', () => {
  const bad = (text: string, re: RegExp) => assert.throws(() => parseAdmissionPolicy(text, 'p.yaml'), (e: any) => e.code === 'POLICY' && re.test(e.message));
  bad('pss: restricted\nmode: block\n', /^p\.yaml:2:7: mode Invalid enum value/);
  bad('pss: restricted\nvulnerabilities:\n  deadline: soon\n', /^p\.yaml:3:13: vulnerabilities\.deadline must be a duration like 500ms/);
  bad('pss: restricted\nvulnerabilities:\n  deadline: 40s\n', /^p\.yaml:3:\d+: vulnerabilities\.deadline deadline must be above 0 and below/);
  bad('pss: restricted\nhardening:\n  deny: [DD-K8S-001, DD-K8S-999]\n', /^p\.yaml:3:22: hardening\.deny\[1\] must be one of DD-K8S-001/);
  bad('pss: restricted\ntrustedRegistry: [x]\n', /^p\.yaml:2:1: trustedRegistry is not a known setting/);
  bad('pss: [\n', /^p\.yaml:\d+:\d+: /);
  bad('pssVersion: v2.1\n', /pssVersion must be latest or v1\.N/);
});

test('per-namespace modes: exact name, then the longest prefix*', () => {
  const p = parseAdmissionPolicy('mode: enforce\nnamespaces:\n  dev: warn\n  team-*: audit\n  team-a-*: {pss: baseline}\n');
  assert.deepEqual(namespacePolicy(p, 'dev'), { mode: 'warn', pss: 'restricted' });
  assert.deepEqual(namespacePolicy(p, 'team-b'), { mode: 'audit', pss: 'restricted' });
  assert.deepEqual(namespacePolicy(p, 'team-a-1'), { mode: 'enforce', pss: 'baseline' });
  assert.deepEqual(namespacePolicy(p, 'prod'), { mode: 'enforce', pss: 'restricted' });
});

test('durations', () => {
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('1.5s'), 1500);
  assert.equal(parseDuration('5m'), 300_000);
  assert.equal(parseDuration(3), 3000);
  assert.equal(parseDuration('3 days'), undefined);
});
