import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Parser, type ReadEntry } from 'tar';
import { scanSecrets, secretWants, secretsToResults, SECRET_RULES, maskSecret } from './index.js';
import { inTime } from '../../test/helpers/in-time.js';

// Synthetic tokens shaped like the real thing, assembled from parts so this file is not itself a finding.
const j = (...p: string[]) => p.join('');
const B64 = 'MIIEowIBAAKCAQEAx8Jq3mZ2vK9yTt1b0pQ6n4sV8rLwX2eY5uH7gF3dC1aB9zN0kM' + 'Qw7e6r5t4y3u2i1o0pAsDfGhJkLzXcVbNm';
const PLANTED: [string, string][] = [
  ['DD-SEC-001', j('-----BEGIN RSA ', 'PRIVATE KEY-----\n', B64, '\n', B64, '\n-----END RSA PRIVATE KEY-----\n')],
  ['DD-SEC-001', j('-----BEGIN OPENSSH ', 'PRIVATE KEY-----\n', B64, B64, '\n-----END OPENSSH PRIVATE KEY-----\n')],
  ['DD-SEC-002', j('aws_access_key_id = ', 'AKIA', 'Z7QWERTYUIOPASDF', '\n')],
  ['DD-SEC-003', j('aws_secret_access_key = ', 'k8Jd7Hs6Gf5Ds4Aq3Wz2Xc1Vb0NmLpOiUyTrEwQ9', '\n')],
  ['DD-SEC-004', j('{\n  "type": "service', '_account",\n  "project_id": "demo",\n  "private_key_id": "', '3f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39', '"\n}\n')],
  ['DD-SEC-005', j('GOOGLE_API_KEY=', 'AIza', 'SyD3k9Lm2Nq8Rt5Vw7Xz1Bc4Fg6Hj0Kp9Qs', '\n')],
  ['DD-SEC-006', j('DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=', 'q'.repeat(16), 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa', 'A1b2C3d4E5f6G7h8I9j0Kl', 'MnOpQrStUvWx', '==;EndpointSuffix=core.windows.net\n')],
  ['DD-SEC-007', j('client_secret: "', 'abc8Q~', 'Xy7Zw6Vu5Ts4Rq3Po2Nm1Lk0Jh9Gf8Ed7C', '"\n')],
  ['DD-SEC-008', j('token: ', 'ghp_', 'R4nd0mT0k3nV4lu3F0rT3st1ngXy9Zw8Vu7T', '\n')],
  ['DD-SEC-009', j('GITLAB_TOKEN=', 'glpat-', 'Ab3De5Fg7Hi9Jk1Lm3No', '\n')],
  ['DD-SEC-010', j('SLACK=', 'xoxb-', '123456789012-1234567890123-', 'AbCdEfGhIjKlMnOpQrStUvWx', '\n')],
  ['DD-SEC-011', j('url: https://hooks.slack.com/services/', 'T01ABCDEF23/B04GHIJKL56/', 'aBcDeFgHiJkLmNoPqRsTuVwX', '\n')],
  ['DD-SEC-012', j('STRIPE_KEY=', 'sk_live_', '51HqZ2Lk9Jh8Gf7Ds6Aq5Wz4Xc3Vb2Nm', '\n')],
  ['DD-SEC-013', j('//registry.npmjs.org/:_authToken=', 'npm_', 'Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8', '\n')],
  ['DD-SEC-014', j('password = ', 'pypi-AgEIcHlwaS5vcmc', 'CJDk4ZmQ5YzE3LTQ0ZmEtNGE1Ny1iNmQ4LWY3ZGU5ZjQ3YWJjZAACKlsz', '\n')],
  ['DD-SEC-015', j('Authorization: Bearer ', 'eyJ', 'hbGciOiJSUzI1NiIsImtpZCI6IjEifQ', '.eyJ', 'zdWIiOiJzZXJ2aWNlIiwiZXhwIjo0MTAyNDQ0ODAwfQ', '.', 'Zk9xQ2hUc3pXcE1tRkJhcWdLZ0Nw', '\n')],
  ['DD-SEC-016', j('db_password: "', 'Xk9#mQ2$vL7pR4wZ', 'n8Tb', '"\n')],
];

test('every secret rule has a planted example, and each is found on its line', () => {
  assert.deepEqual(new Set(PLANTED.map(([id]) => id)), new Set(SECRET_RULES.map((r) => r.id)));
  for (const [id, text] of PLANTED) {
    const content = Buffer.from(`# config\n\n${text}`);
    const hits = scanSecrets(content, '/app/config.txt');
    const hit = hits.find((h) => h.ruleId === id);
    assert.ok(hit, `${id} not found in ${JSON.stringify(text)}: ${JSON.stringify(hits)}`);
    // the hit points into the planted text (line 3 onwards for multi-line secrets)
    assert.ok(hit.line >= 3 && hit.line < 3 + text.split('\n').length, `${id} line ${hit.line}`);
    assert.ok(!content.toString().includes(hit.masked.replace(/\*+$/, '') + hit.masked.slice(-2)) || hit.masked.includes('*'), 'masked');
  }
});

test('known examples, placeholders, low entropy and allow-listed paths are not findings', () => {
  const notSecrets = [
    'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
    'password: changeme-please-1234',
    'api_key = "${API_KEY}"',
    'token: xxxxxxxxxxxxxxxxxxxxxxxx',
    'password = aaaaaaaaaaaaaaaaaaaaaaaa',
    'The header -----BEGIN RSA PRIVATE KEY----- starts a PEM key.',
    'secret_key_base = "<%= ENV[\'SECRET_KEY_BASE\'] %>"',
  ];
  for (const t of notSecrets) assert.deepEqual(scanSecrets(Buffer.from(t), '/app/a.txt'), [], t);
  const key = Buffer.from(PLANTED[0][1]);
  assert.deepEqual(scanSecrets(key, '/usr/share/doc/openssl/example.pem'), []);
  assert.deepEqual(scanSecrets(key, '/usr/lib/python3.11/site-packages/foo/tests/key.pem'), []);
  assert.deepEqual(scanSecrets(Buffer.concat([Buffer.from([0, 1, 2]), key]), '/app/bin'), []);
});

test('secretWants skips binaries, big files, docs and certificate stores', () => {
  const m = (path: string, size = 100, kind: 'file' | 'dir' = 'file') => ({ path, size, kind, mode: 0o644, uid: 0, gid: 0 });
  assert.equal(secretWants(m('/app/.env')), true);
  assert.equal(secretWants(m('/etc/ssl/certs/ca.pem')), false);
  assert.equal(secretWants(m('/usr/share/ca-certificates/x.crt')), false);
  assert.equal(secretWants(m('/usr/lib/libc.so.6')), false);
  assert.equal(secretWants(m('/app/big.txt', 50 * 1024 * 1024)), false);
  assert.equal(secretWants(m('/app', 0, 'dir')), false);
});

test('results are masked and carry the layer', () => {
  const hits = scanSecrets(Buffer.from(PLANTED[8][1]), '/app/.env');
  const [r] = secretsToResults(hits, '/app/.env', { index: 2, diffId: 'sha256:' + 'c'.repeat(64) });
  assert.equal(r.rule.target, 'secret');
  assert.equal(r.resource, 'sha256:' + 'c'.repeat(64));
  assert.match(r.message, /layer 2/);
  assert.ok(!r.message.includes(PLANTED[8][1].slice(7, 30)));
  assert.equal(maskSecret('abcdefghijklmnop'), 'abcd************');
});

async function scanTar(file: string, gz: boolean): Promise<string[]> {
  const found: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const p = new Parser({ gzip: gz ? true : undefined } as never);
    p.on('entry', (e: ReadEntry) => {
      const path = '/' + e.path.replace(/^\.?\//, '');
      const meta = { path, kind: e.type === 'File' ? ('file' as const) : ('other' as const), size: e.size ?? 0, mode: e.mode ?? 0, uid: 0, gid: 0 };
      if (!secretWants(meta)) return e.resume();
      const chunks: Buffer[] = [];
      e.on('data', (c: Buffer) => chunks.push(c));
      e.on('end', () => {
        for (const h of scanSecrets(Buffer.concat(chunks), path)) found.push(`${path}:${h.line} ${h.ruleId} ${h.masked}`);
      });
    });
    p.on('end', resolve);
    p.on('error', reject);
    createReadStream(file).on('error', reject).pipe(p as never);
  });
  return found;
}

const SHARED = join(import.meta.dirname, '../../../shared/data/rootfs');
test('no findings on the Alpine minirootfs tarballs (false-positive check)', { skip: !existsSync(SHARED) && `${SHARED} absent` }, async () => {
  const tars = readdirSync(SHARED).filter((f) => /^alpine-minirootfs-.*\.tar\.gz$/.test(f));
  assert.ok(tars.length > 0);
  for (const t of tars) assert.deepEqual(await scanTar(join(SHARED, t), true), [], t);
});

const DEBIAN = join(import.meta.dirname, '../../.cache/images/layouts/debian-base');
test('no findings on the debian-base image layer (false-positive check)', { skip: !existsSync(DEBIAN) && `${DEBIAN} absent` }, async () => {
  const blob = (d: string) => join(DEBIAN, 'blobs', ...d.split(':'));
  const index = JSON.parse(readFileSync(join(DEBIAN, 'index.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(blob(index.manifests[0].digest), 'utf8'));
  for (const l of manifest.layers as { digest: string; mediaType: string }[]) {
    assert.deepEqual(await scanTar(blob(l.digest), l.mediaType.includes('gzip')), [], l.digest);
  }
});

test('secret scanning is linear in hostile shapes that made its patterns backtrack quadratically', { timeout: 30_000 }, inTime(15_000, async () => {
  const { scanText } = await import('./index.js');
  // each took seconds at 30-300 KB and minutes at the 1 MiB a file may have; the test times out rather than measures
  const n = 400_000;
  assert.deepEqual(scanText('eyJe-y---'.repeat(n / 9) + '\0'), [], 'JWT starts inside one long token');
  assert.deepEqual(scanText(',' + 'I.'.repeat(n / 2) + ' password'), [], 'generic assignment: a long run of name characters');
  assert.deepEqual(scanText('-----BEGINPRIVATE KEY-----O:P'.repeat(n / 29)), [], 'private-key headers without newlines');
  assert.equal(secretWants({ path: '/gems/_'.repeat(n / 7) + '/x.txt', kind: 'file', mode: 0o644, uid: 0, gid: 0, size: 10 }), true);
  // and they still find what they are for, on the right lines
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
  const hits = scanText(`a\nAuthorization: Bearer ${jwt}\nDB_PASSWORD=Zx8#kLq2!vRt9@wPm4$s\n`);
  assert.deepEqual(hits.map((h) => [h.ruleId, h.line]), [['DD-SEC-015', 2], ['DD-SEC-016', 3]]);
  assert.equal(secretWants({ path: '/srv/node_modules/pkg/test/key.pem', kind: 'file', mode: 0o644, uid: 0, gid: 0, size: 10 }), false);
}));
