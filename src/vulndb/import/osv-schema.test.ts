import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidOsvRecord, osvRecordSchema } from './osv-schema.js';
import { parseOsvRecord } from './osv.js';

const base = {
  id: 'GHSA-x',
  modified: '2025-01-01T00:00:00Z',
  aliases: ['CVE-1'],
  severity: [{ type: 'CVSS_V3', score: 'x' }],
  affected: [{ package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1' }] }], versions: ['0.1'] }],
  references: [{ type: 'WEB', url: 'https://x' }],
  extra: { anything: [1, 2] },
};

test('the fast OSV check accepts and rejects exactly what the zod schema does', () => {
  const variants: unknown[] = [
    base,
    null,
    [],
    'x',
    { ...base, id: '' },
    { ...base, id: 7 },
    { ...base, aliases: null, related: null, upstream: null, severity: null, affected: null, references: null },
    { ...base, aliases: ['a', 1] },
    { ...base, summary: null },
    { ...base, details: 5 },
    { ...base, withdrawn: '2025-02-02' },
    { ...base, severity: [{ type: 'CVSS_V3' }] },
    { ...base, affected: [{}] },
    { ...base, affected: [{ package: { ecosystem: 'npm' } }] },
    { ...base, affected: [{ package: { ecosystem: 'npm', name: 'a', purl: 1 } }] },
    { ...base, affected: [{ ranges: [{ type: 'SEMVER', events: 'x' }] }] },
    { ...base, affected: [{ ranges: [{ type: 'SEMVER', events: [{ fixed: 1 }] }] }] },
    { ...base, affected: [{ ranges: [{ events: [] }] }] },
    { ...base, affected: [{ versions: [1] }] },
    { ...base, affected: [{ ecosystem_specific: [] }] },
    { ...base, affected: [{ database_specific: { severity: 'HIGH' } }] },
    { ...base, affected: [null] },
    { ...base, references: [{ url: 'u' }] },
    { ...base, references: [{ type: 1, url: 'u' }] },
    { ...base, database_specific: 'x' },
    { ...base, database_specific: { severity: 'LOW' } },
  ];
  for (const v of variants) assert.equal(isValidOsvRecord(v), osvRecordSchema.safeParse(v).success, JSON.stringify(v));
});

test('invalid records still get a warning naming the problem', () => {
  const r = parseOsvRecord({ ...base, affected: [{ ranges: [{ type: 'SEMVER', events: 'x' }] }] });
  assert.equal(r.kind, 'invalid');
  assert.match((r as { message: string }).message, /not a valid OSV record \(affected\.0\.ranges\.0\.events: Expected array, received string\)/);
  assert.equal(parseOsvRecord({ ...base, withdrawn: '2025-02-02' }).kind, 'withdrawn');
});
