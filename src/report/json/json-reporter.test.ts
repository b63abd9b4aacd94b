import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonReporter } from './json-reporter.js';
import { inventoryReport, reportValidator, sampleReport } from '../../../test/helpers/report-fixtures.js';

test('the JSON report validates against the shipped, versioned schema (suppressed findings keep their reason)', () => {
  const report = sampleReport();
  report.findings[0].suppressed = { by: 'policy', reason: 'PUT is disabled in web.xml', source: '.drydock.yaml' };
  const out = JSON.parse(jsonReporter.render(report, { color: false }));
  reportValidator()(out);
  reportValidator()(JSON.parse(jsonReporter.render(inventoryReport(), { color: false })));
  assert.equal(out.schemaVersion, 1);
  assert.equal(out.findings[0].suppressed.reason, 'PUT is disabled in web.xml');
});

test('the schema rejects reports that break it', () => {
  const bad = JSON.parse(jsonReporter.render(sampleReport(), { color: false }));
  bad.findings[0].severity = 'SEVERE';
  assert.throws(() => reportValidator()(bad), /report schema/);
  const noVersion = JSON.parse(jsonReporter.render(sampleReport(), { color: false }));
  noVersion.schemaVersion = 2;
  assert.throws(() => reportValidator()(noVersion), /report schema/);
});
