import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { spawnSync } from 'node:child_process';
import { stringify } from 'yaml';
import { main } from '../main.js';
import type { CliIO } from '../io.js';
import { PSS_CASES, compliantPod } from '../../misconfig/kubernetes/pss/cases.test-data.js';

function io(): CliIO & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (d) => (o += d));
  stderr.on('data', (d) => (e += d));
  return { stdout, stderr, color: false, isTTY: false, quiet: true, log() {}, warn() {}, out: () => o, err: () => e };
}

const dir = mkdtempSync(join(tmpdir(), 'drydock-config-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

for (const [i, c] of PSS_CASES.entries()) {
  test(`drydock config --pss … --exit-code 1: ${c.name}`, async () => {
    const pod = compliantPod();
    c.mutate(pod);
    const file = join(dir, `case-${i}.yaml`);
    writeFileSync(file, stringify(pod));
    for (const level of ['baseline', 'restricted'] as const) {
      const args = ['config', file, '--pss', level, '--exit-code', '1', '--format', 'json'];
      if (c.version) args.push('--pss-version', c.version);
      const cap = io();
      const code = await main(args, cap);
      assert.equal(code, c[level] === 'fail' ? 1 : 0, `${level}: ${cap.out().slice(0, 400)}${cap.err()}`);
      const report = JSON.parse(cap.out());
      for (const m of report.misconfigurations) assert.match(m.rule.id, /^DD-PSS-\d{3}$/);
    }
  });
}

test('a real process: failing pod exits 1, passing pod exits 0, usage error exits 2', () => {
  const bad = compliantPod();
  bad.spec.containers![0].securityContext!.privileged = true;
  writeFileSync(join(dir, 'bad.yaml'), stringify(bad));
  writeFileSync(join(dir, 'good.yaml'), stringify(compliantPod()));
  const run = (...a: string[]) => spawnSync(process.execPath, ['bin/drydock.js', 'config', ...a], { encoding: 'utf8', cwd: join(import.meta.dirname, '../../..') });
  const r1 = run(join(dir, 'bad.yaml'), '--pss', 'restricted', '--exit-code', '1');
  assert.equal(r1.status, 1, r1.stderr);
  assert.match(r1.stdout, /Privileged Containers/);
  assert.equal(run(join(dir, 'good.yaml'), '--pss', 'restricted', '--exit-code', '1').status, 0);
  assert.equal(run(join(dir, 'good.yaml'), '--pss', 'strict').status, 2);
  assert.equal(run(join(dir, 'missing.yaml')).status, 2);
});

test('severity threshold and inline suppression decide the exit code', async () => {
  const df = join(dir, 'Dockerfile');
  writeFileSync(df, 'FROM alpine:3.20\nRUN apk add --no-cache curl\n# drydock:ignore=DD-DF-001 the entrypoint drops privileges itself\nUSER root\nHEALTHCHECK CMD true\n');
  let cap = io();
  assert.equal(await main(['config', df, '--severity', 'HIGH', '--exit-code', '3', '--format', 'json'], cap), 0, cap.out());
  const report = JSON.parse(cap.out());
  assert.equal(report.misconfigurations.find((m: { rule: { id: string } }) => m.rule.id === 'DD-DF-001').suppressed.reason, 'the entrypoint drops privileges itself');
  cap = io();
  assert.equal(await main(['config', df, '--severity', 'LOW', '--exit-code', '3', '--format', 'json'], cap), 3);
});
