// Contract test over the registry plus golden files for every format (UPDATE_GOLDEN=1 regenerates them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getReporter, renderReport, reporterFormats } from './index.js';
import { assertGolden, inventoryReport, sampleReport } from '../../test/helpers/report-fixtures.js';

const options = { color: false, width: 140, documentId: '00000000-0000-4000-8000-000000000001' };
const EXT: Record<string, string> = { table: 'txt', json: 'json', sarif: 'sarif.json', cyclonedx: 'cdx.json', spdx: 'spdx.json', junit: 'xml', markdown: 'md', html: 'html', gitlab: 'gitlab.json' };

test('every registered reporter has a matching format, a content type and renders both fixtures', () => {
  assert.deepEqual(reporterFormats().sort(), Object.keys(EXT).sort());
  for (const f of reporterFormats()) {
    const r = getReporter(f);
    assert.equal(r.format, f);
    assert.match(r.contentType, /^[a-z]+\/[a-z0-9.+-]+$/);
    assert.ok(r.render(sampleReport(), options).length > 100);
    assert.ok(r.render(inventoryReport(), options).length > 100);
  }
});

test('unknown formats are a usage error listing the formats; aliases resolve', () => {
  assert.throws(() => getReporter('xml'), (e: any) => e.code === 'USAGE' && /use one of: table, json/.test(e.hint));
  assert.throws(() => getReporter('toString'), (e: any) => e.code === 'USAGE');
  assert.equal(getReporter('spdx-json').format, 'spdx');
});

for (const format of Object.keys(EXT)) {
  test(`golden: ${format}`, () => {
    assertGolden(`sample.${EXT[format]}`, renderReport(sampleReport(), format, options));
  });
}

test('golden: table and markdown in inventory mode (no findings)', () => {
  assertGolden('inventory.txt', renderReport(inventoryReport(), 'table', options));
  assertGolden('inventory.md', renderReport(inventoryReport(), 'markdown', options));
});

test('reporters are deterministic for a fixed documentId', () => {
  for (const f of reporterFormats()) assert.equal(renderReport(sampleReport(), f, options), renderReport(sampleReport(), f, options));
});
