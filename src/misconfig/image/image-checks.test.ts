import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memResolver } from '../../../test/helpers/memfs.js';
import { checkImage, imageCheckWants } from './index.js';
import { attackSurface } from '../attack-surface.js';
import { scanKubernetes } from '../kubernetes/index.js';
import type { ImageConfig } from '../../image/types.js';
import { inTime } from '../../../test/helpers/in-time.js';

const ids = (r: { rule: { id: string }; file: string }[]) => r.map((x) => `${x.rule.id} ${x.file}`).sort();

const rootImage: ImageConfig = {
  config: { Env: ['PATH=/usr/bin', 'GITHUB_TOKEN=ghp_R4nd0mT0k3nV4lu3F0rT3st1ngXy9Zw8Vu7T', 'DB_PASSWORD_FILE=/run/secrets/db'] },
  history: [{ created_by: '|1 NPM_TOKEN=abc123def456 /bin/sh -c npm ci' }, { created_by: '/bin/sh -c #(nop) CMD ["x"]', empty_layer: true }],
};

const fs = memResolver({
  '/bin/sh': { content: 'elf' },
  '/usr/bin/curl': 'elf',
  '/usr/bin/apt-get': 'elf',
  '/usr/bin/passwd': { content: 'elf', mode: 0o4755 },
  '/usr/bin/wall': { content: 'elf', mode: 0o2755 },
  '/tmp': { dir: true, mode: 0o1777 },
  '/opt/app': { dir: true, mode: 0o777 },
  '/etc/ssh/ssh_host_ed25519_key': { content: 'key', mode: 0o600 },
  '/etc/shadow': 'root:*:19000:0:99999:7:::\nguest::19000:0:99999:7:::\n',
  '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\ntoor:x:0:0::/root:/bin/sh\napp:x:1000:1000::/app:/sbin/nologin\n',
  '/etc/group': 'root:x:0:\napp:x:1000:\n',
});

test('image checks over an in-memory tree', () => {
  const r = checkImage(rootImage, fs);
  assert.deepEqual(ids(r), [
    'DD-IMG-001 config',
    'DD-IMG-002 /usr/bin/passwd',
    'DD-IMG-002 /usr/bin/wall',
    'DD-IMG-003 /opt/app',
    'DD-IMG-004 /bin/sh',
    'DD-IMG-005 /usr/bin/curl',
    'DD-IMG-006 /usr/bin/apt-get',
    'DD-IMG-007 config.Env[1]',
    'DD-IMG-008 history[0]',
    'DD-IMG-009 /etc/ssh/ssh_host_ed25519_key',
    'DD-IMG-010 /etc/shadow',
    'DD-IMG-011 /etc/passwd',
    'DD-IMG-012 config',
  ]);
  assert.equal(r.find((x) => x.rule.id === 'DD-IMG-010')!.line, 2);
  assert.equal(r.find((x) => x.rule.id === 'DD-IMG-002')!.resource, 'layer 0');
  assert.ok(!r.find((x) => x.rule.id === 'DD-IMG-007')!.message.includes('R4nd0m'), 'masked');
});

test('a hardened image has no findings', () => {
  const r = checkImage({ config: { User: '65532:65532', Healthcheck: { Test: ['CMD', '/healthz'] } } }, memResolver({ '/app': 'elf', '/tmp': { dir: true, mode: 0o1777 } }));
  assert.deepEqual(r, []);
});

test('imageCheckWants keeps only the account files and SSH host keys', () => {
  const m = (path: string) => ({ path, kind: 'file' as const, mode: 0o644, uid: 0, gid: 0, size: 10 });
  assert.deepEqual(['/etc/passwd', '/etc/shadow', '/etc/group', '/etc/ssh/ssh_host_rsa_key', '/etc/ssh/ssh_host_rsa_key.pub', '/etc/hosts'].map((p) => imageCheckWants(m(p))), [true, true, true, true, false, false]);
});

test('attack surface: plain statements backed by findings, egress deny and non-root manifests change them', () => {
  const image = checkImage(rootImage, fs);
  let s = attackSurface({ image });
  const text = s.map((x) => x.statement).join('\n');
  assert.match(text, /Run as root/);
  assert.match(text, /Download further tools/);
  assert.match(text, /Install packages/);
  assert.match(text, /Read secrets/);
  assert.match(text, /Write to system directories/);
  for (const x of s) assert.ok(x.evidence.length > 0 && x.evidence.every((e) => /^DD-/.test(e)));

  const manifest = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  securityContext: {runAsNonRoot: true, runAsUser: 1000}\n  volumes: [{name: h, hostPath: {path: /}}]\n  containers: [{name: c, image: x:1}]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: d}\nspec: {podSelector: {}, policyTypes: [Egress]}\n`;
  const k = scanKubernetes([{ file: 'm.yaml', text: manifest }]);
  s = attackSurface({ image, kubernetes: k.results, hasEgressDeny: k.egressDenied.has('default') });
  const t2 = s.map((x) => x.statement).join('\n');
  assert.doesNotMatch(t2, /Run as root/);
  assert.doesNotMatch(t2, /Download further tools/);
  assert.match(t2, /Escape to or reach the node/);
  assert.match(t2, /service-account token/);
});

test('history build arguments: found after "|N " and blanks, and a long run of blanks is read in linear time', { timeout: 20_000 }, inTime(10_000, () => {
  const hist = (created_by: string) => checkImage({ config: { User: 'app' }, history: [{ created_by }] }, memResolver({})).filter((r) => r.rule.id === 'DD-IMG-008').length;
  assert.equal(hist('|2 A=1 API_TOKEN=s3cr3tvalue /bin/sh -c make'), 1);
  assert.equal(hist('|1\tAPI_TOKEN=s3cr3tvalue /bin/sh -c make'), 1);
  assert.equal(hist('|1 API_TOKEN=$TOKEN /bin/sh -c make'), 0);
  // (?:^|\s)…\s* tried every blank of the run against the rest of it; the test times out rather than measures
  assert.equal(hist('\t' + '\t\t'.repeat(200_000)), 0);
}));
