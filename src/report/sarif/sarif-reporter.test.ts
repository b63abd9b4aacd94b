import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SARIF_MAX_RESULTS, imageUri, toSarif } from './sarif-reporter.js';
import { sampleReport, sarifValidator, inventoryReport } from '../../../test/helpers/report-fixtures.js';
import type { Finding } from '../../match/types.js';

type Json = Record<string, any>;

test('SARIF validates against the official 2.1.0 schema', () => {
  sarifValidator()(toSarif(sampleReport()));
  sarifValidator()(toSarif(inventoryReport()));
});

test('the schema check rejects a broken log', () => {
  const log = toSarif(sampleReport()) as Json;
  log.runs[0].results[0].level = 'fatal';
  assert.throws(() => sarifValidator()(log), /SARIF 2.1.0 schema/);
});

test('rules carry help text and security-severity; results sit on the Dockerfile line when known', () => {
  const run = (toSarif(sampleReport()) as Json).runs[0];
  for (const rule of run.tool.driver.rules) {
    assert.ok(rule.help.text.length > 0 && rule.help.markdown.length > 0, rule.id);
    assert.match(rule.properties['security-severity'], /^\d+\.\d$/);
    assert.ok(rule.properties.tags.length <= 20);
  }
  const ruleIds = run.tool.driver.rules.map((r: Json) => r.id);
  assert.equal(new Set(ruleIds).size, ruleIds.length, 'one rule per id');
  const tomcat = run.results.find((r: Json) => r.ruleId === 'CVE-2017-12617');
  assert.deepEqual(tomcat.locations[0].physicalLocation, { artifactLocation: { uri: 'Dockerfile' }, region: { startLine: 9, startColumn: 1, endLine: 9, endColumn: 1 } });
  assert.equal(run.tool.driver.rules[tomcat.ruleIndex].properties['security-severity'], '8.0');
  const zlib = run.results.find((r: Json) => r.ruleId === 'CVE-2016-9843');
  assert.equal(zlib.locations[0].physicalLocation.artifactLocation.uri, 'registry.example.com/shop/mini-tomcat');
  assert.equal(zlib.level, 'error');
  const misconf = run.results.find((r: Json) => r.ruleId === 'DD-DF-002');
  assert.equal(misconf.locations[0].physicalLocation.region.startLine, 12);
  assert.equal(imageUri({ ...sampleReport(), artifact: { name: 'alpine:3.20', kind: 'image' } }), 'alpine');
});

test('suppressed findings are left out; results are capped at GitHub\'s display limit, most severe kept', () => {
  const report = sampleReport();
  report.findings[0].suppressed = { by: 'policy', reason: 'PUT disabled' };
  const run = (toSarif(report) as Json).runs[0];
  assert.ok(!run.results.some((r: Json) => r.ruleId === 'CVE-2017-12617'));
  const base = sampleReport().findings[4];
  const many: Finding[] = Array.from({ length: SARIF_MAX_RESULTS + 10 }, (_, i) => ({ ...base, id: `CVE-2099-${10000 + i}`, severity: 'LOW' }));
  const big = { ...sampleReport(), findings: [...many, sampleReport().findings[5]] };
  const bigRun = (toSarif(big) as Json).runs[0];
  assert.equal(bigRun.results.length, SARIF_MAX_RESULTS);
  assert.ok(bigRun.results.some((r: Json) => r.ruleId === 'CVE-2016-9843'), 'critical survives the cap');
  assert.equal(bigRun.properties.truncatedResults, 13, "5010 + 1 findings + 2 misconfigurations");
});

test('plain-text references are not used as helpUri (the schema wants a URI)', () => {
  const report = sampleReport();
  report.misconfigurations[0].rule.references = ['CIS Docker Benchmark 4.1', 'https://example.com/rule'];
  report.findings[0].references = ['see vendor notice'];
  const log = toSarif(report) as Json;
  sarifValidator()(log);
  const rules = log.runs[0].tool.driver.rules;
  assert.equal(rules.find((r: Json) => r.id === 'DD-DF-002').helpUri, 'https://example.com/rule');
  assert.equal(rules.find((r: Json) => r.id === 'CVE-2017-12617').helpUri, undefined);
});
