import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicy } from './load.js';
import { parsePolicy } from './parse.js';
import { FIXTURES } from '../../test/helpers/report-fixtures.js';
import { makeTempDir } from '../../test/helpers/tmp.js';

const example = join(FIXTURES, 'report', 'policy', 'drydock.yaml');

test('loads the issue\'s example policy with default flags and rule positions', async () => {
  const p = (await loadPolicy(example))!;
  assert.deepEqual(p.severity, ['CRITICAL', 'HIGH']);
  assert.equal(p.ignoreUnfixed, false);
  assert.equal(p.ignore.length, 4);
  assert.deepEqual(p.ignore[0], {
    id: 'CVE-2017-12617', package: 'pkg:maven/org.apache.tomcat/*', path: '/usr/local/tomcat/**',
    reason: 'PUT is disabled in web.xml', expires: '2027-01-31', source: 'drydock.yaml:5',
  });
});

test('finds .drydock.yaml, then .drydock.yml, in the working directory; none is fine', async () => {
  const dir = makeTempDir('dd-policy-');
  assert.equal(await loadPolicy(undefined, dir), undefined);
  writeFileSync(join(dir, '.drydock.yml'), 'exit-code: 4\nfail-on: critical,kev\n');
  const yml = (await loadPolicy(undefined, dir))!;
  assert.deepEqual([yml.file, yml.exitCode, yml.failOn], ['.drydock.yml', 4, ['CRITICAL', 'kev']]);
  copyFileSync(example, join(dir, '.drydock.yaml'));
  assert.equal((await loadPolicy(undefined, dir))!.file, '.drydock.yaml');
  await assert.rejects(loadPolicy('missing.yaml', dir), (e: any) => e.code === 'NOT_FOUND');
});

const bad: [string, string, RegExp][] = [
  [
    'missing reason',
    'severity: [HIGH]\n\n# comment\nignore:\n  - id: CVE-1\n    reason: ok\n  - id: CVE-2017-12617\n    package: pkg:maven/x/*\n',
    /^\.drydock\.yaml:7:5: ignore\[1\]\.reason is required$/,
  ],
  ['empty reason', 'ignore:\n  - id: CVE-1\n    reason: "  "\n', /^\.drydock\.yaml:3:13: ignore\[0\]\.reason must not be empty$/],
  ['bad date', 'ignore:\n  - id: CVE-1\n    reason: x\n    expires: next year\n', /^\.drydock\.yaml:4:14: ignore\[0\]\.expires must be a date like 2027-01-31$/],
  ['bad severity', 'severity: [CRITICAL, SEVERE]\n', /^\.drydock\.yaml:1:22: severity\[1\] Invalid enum value/],
  ['unknown key', 'severity: [HIGH]\nignores: []\n', /^\.drydock\.yaml:2:1: ignores is not a known setting$/],
  ['unknown rule key', 'ignore:\n  - id: CVE-1\n    reason: x\n    reasn: y\n', /^\.drydock\.yaml:4:5: ignore\[0\]\.reasn is not a known setting$/],
  ['rule matching everything', 'ignore:\n  - reason: too broad\n', /^\.drydock\.yaml:2:5: ignore\[0\] needs at least one of id, package or path$/],
  ['yaml syntax', 'ignore:\n  - id: [CVE-1\n', /^\.drydock\.yaml:\d+:\d+: /],
  ['exit code range', 'exit-code: 300\n', /^\.drydock\.yaml:1:12: exit-code /],
];

for (const [name, text, re] of bad) {
  test(`invalid policy gives a line-numbered POLICY error: ${name}`, () => {
    assert.throws(() => parsePolicy(text, '.drydock.yaml'), (e: any) => {
      assert.equal(e.code, 'POLICY');
      assert.match(e.message, re);
      return true;
    });
  });
}
