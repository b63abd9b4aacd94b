// Contract test over the registry plus golden files for every format (UPDATE_GOLDEN=1 regenerates them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getReporter, renderReport, renderWith, reporterFormats, type Reporter } from './index.js';
import { isDrydockError } from '../errors.js';
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

test('a report longer than the longest string V8 holds is a LIMIT error that says what to do, not an internal error', () => {
  // JSON.stringify throws this RangeError past about 512 MiB of output (most of a million packages); a string of 2^30
  // characters meets the same engine limit at once, without building anything
  const tooLong: Reporter = { format: 'json', contentType: 'application/json', render: () => 'x'.repeat(2 ** 30) };
  const report = sampleReport();
  assert.throws(
    () => renderWith(tooLong, report, options),
    (e: unknown) => isDrydockError(e) && e.code === 'LIMIT' && /json report of \d+ packages is longer than/.test(e.message) && /--format table/.test(e.hint ?? ''),
  );
  const broken: Reporter = { ...tooLong, render: () => { throw new TypeError('a bug'); } };
  assert.throws(() => renderWith(broken, report, options), TypeError);
});
