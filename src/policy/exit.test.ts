// The exit-code table of docs/exit-codes.md, one row per policy combination.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateExit, filterForDisplay, mergePolicyFlags, parseFailOn, type ExitFlags } from './exit.js';
import { EXIT, errorToExit } from '../cli/io.js';
import { DrydockError } from '../errors.js';
import { sampleReport } from '../../test/helpers/report-fixtures.js';
import type { ScanReport } from '../report/types.js';

// sample: CRITICAL zlib (fixed), HIGH tomcat (KEV, fixed), 2× MEDIUM openssl (fixed), LOW bash (no fix),
// UNKNOWN libc6 (no fix); misconfigurations HIGH DD-DF-002 and LOW DD-DF-005
const suppress = (r: ScanReport, ...ids: string[]) => {
  for (const f of r.findings) if (ids.includes(f.id)) f.suppressed = { by: 'policy', reason: 'test' };
  for (const m of r.misconfigurations) if (ids.includes(m.rule.id)) m.suppressed = { by: 'policy', reason: 'test' };
  return r;
};

const rows: [string, ExitFlags, number, (r: ScanReport) => ScanReport][] = [
  ['no flags: report only', {}, 0, (r) => r],
  ['--exit-code 5, findings', { exitCode: 5 }, 5, (r) => r],
  ['--exit-code 0', { exitCode: 0 }, 0, (r) => r],
  ['--exit-code 5, no findings', { exitCode: 5 }, 0, (r) => ({ ...r, findings: [], misconfigurations: [] })],
  ['--fail-on critical (default code 1)', { failOn: ['CRITICAL'] }, EXIT.FINDINGS, (r) => r],
  ['--fail-on critical --exit-code 5', { failOn: ['CRITICAL'], exitCode: 5 }, 5, (r) => r],
  ['--fail-on critical --exit-code 0', { failOn: ['CRITICAL'], exitCode: 0 }, 0, (r) => r],
  ['--fail-on critical, critical suppressed', { failOn: ['CRITICAL'] }, 0, (r) => suppress(r, 'CVE-2016-9843')],
  ['--fail-on high: misconfiguration counts', { failOn: ['HIGH'] }, 1, (r) => suppress(r, 'CVE-2017-12617')],
  ['--fail-on high, all high suppressed', { failOn: ['HIGH'] }, 0, (r) => suppress(r, 'CVE-2017-12617', 'DD-DF-002')],
  ['--fail-on kev --exit-code 3', { failOn: ['kev'], exitCode: 3 }, 3, (r) => r],
  ['--fail-on kev, KEV finding suppressed', { failOn: ['kev'], exitCode: 3 }, 0, (r) => suppress(r, 'CVE-2017-12617')],
  ['--fail-on kev --severity CRITICAL (KEV finding filtered out)', { failOn: ['kev'], severity: ['CRITICAL'] }, 0, (r) => suppress(r, 'CVE-2016-9843')],
  ['--fail-on as raw list "critical,kev"', { failOn: 'critical,kev', exitCode: 4 }, 4, (r) => suppress(r, 'CVE-2016-9843')],
  ['--severity UNKNOWN --exit-code 5', { severity: ['UNKNOWN'], exitCode: 5 }, 5, (r) => r],
  ['--severity UNKNOWN --ignore-unfixed --exit-code 5', { severity: ['UNKNOWN'], ignoreUnfixed: true, exitCode: 5 }, 0, (r) => r],
  ['--fail-on medium --ignore-unfixed', { failOn: ['MEDIUM'], ignoreUnfixed: true }, 1, (r) => r],
  ['--fail-on low --ignore-unfixed --exit-code 9 (LOW misconfiguration)', { failOn: ['LOW'], ignoreUnfixed: true, exitCode: 9 }, 9, (r) => r],
  ['--fail-on low --ignore-unfixed, LOW misconfiguration suppressed', { failOn: ['LOW'], ignoreUnfixed: true, exitCode: 9 }, 0, (r) => suppress(r, 'DD-DF-005')],
  ['--severity CRITICAL,HIGH --exit-code 1, only suppressed left', { severity: ['CRITICAL', 'HIGH'], exitCode: 1 }, 0, (r) => suppress(r, 'CVE-2016-9843', 'CVE-2017-12617', 'DD-DF-002')],
];

for (const [name, flags, expected, prepare] of rows) {
  test(`exit: ${name} → ${expected}`, () => {
    assert.equal(evaluateExit(prepare(sampleReport()), flags), expected);
  });
}

test('exit: errors map to 2 (usage, input, policy) and 3 (internal)', () => {
  const stderr = { write: () => true } as unknown as NodeJS.WritableStream;
  assert.equal(errorToExit(new DrydockError('POLICY', '.drydock.yaml:7:5: ignore[1].reason is required'), { stderr }), EXIT.ERROR);
  assert.equal(errorToExit(new DrydockError('USAGE', 'bad flag'), { stderr }), EXIT.ERROR);
  assert.equal(errorToExit(new DrydockError('INVALID_INPUT', 'bad tar'), { stderr }), EXIT.ERROR);
  assert.equal(errorToExit(new Error('bug'), { stderr }), EXIT.INTERNAL);
  assert.deepEqual([EXIT.OK, EXIT.FINDINGS, EXIT.ERROR, EXIT.INTERNAL], [0, 1, 2, 3]);
  assert.throws(() => parseFailOn('critical,urgent'), (e: any) => e.code === 'USAGE');
});

test('display filter keeps suppressed findings and applies severity/unfixed', () => {
  const r = suppress(sampleReport(), 'CVE-2016-9843');
  const shown = filterForDisplay(r, { severity: ['CRITICAL', 'LOW'], ignoreUnfixed: true });
  assert.deepEqual(shown.findings.map((f) => f.id), ['CVE-2016-9843']);
  assert.deepEqual(shown.misconfigurations.map((m) => m.rule.id), ['DD-DF-005']);
  assert.equal(r.findings.length, 6, 'input untouched');
});

test('policy defaults fill in flags the command line did not set', () => {
  const policy = { file: 'p', ignore: [], severity: ['HIGH' as const], exitCode: 3, failOn: ['kev' as const] };
  assert.deepEqual(mergePolicyFlags({ severity: 'CRITICAL', format: 'json' }, policy), { severity: 'CRITICAL', format: 'json', exitCode: 3, ignoreUnfixed: undefined, failOn: ['kev'] });
  assert.deepEqual(mergePolicyFlags({ exitCode: '0' }, undefined), { exitCode: '0' });
});
