// Shared by the report/SBOM tests: the fixed sample report, schema validators and golden files.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ScanReport } from '../../src/report/types.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(root, 'test', 'fixtures');
const SCHEMAS = join(FIXTURES, 'schemas');

export function sampleReport(): ScanReport {
  return JSON.parse(readFileSync(join(FIXTURES, 'report', 'sample-report.json'), 'utf8')) as ScanReport;
}

/** The sample with no findings: what `drydock image` prints without a database. */
export function inventoryReport(): ScanReport {
  const r = sampleReport();
  return { ...r, findings: [], misconfigurations: [], advice: undefined, attackSurface: undefined };
}

function json(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

export type Validate = (doc: unknown) => void;

function wrap(v: { (d: unknown): boolean | Promise<unknown>; errors?: unknown }, name: string): Validate {
  return (doc) => {
    const ok = v(doc);
    assert.equal(ok, true, `${name} schema: ${JSON.stringify(v.errors, null, 1)?.slice(0, 3000)}`);
  };
}

let cache: Record<string, Validate> = {};

export function cycloneDxValidator(): Validate {
  if (cache.cdx) return cache.cdx;
  const ajv = new Ajv.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // ajv-formats has no IRI formats; accept any whitespace-free string
  ajv.addFormat('iri-reference', /^\S*$/);
  ajv.addFormat('idn-email', /^\S+@\S+$/);
  ajv.addSchema(json(join(SCHEMAS, 'cyclonedx-spdx.schema.json')));
  ajv.addSchema(json(join(SCHEMAS, 'cyclonedx-jsf-0.82.schema.json')));
  return (cache.cdx = wrap(ajv.compile(json(join(SCHEMAS, 'cyclonedx-bom-1.6.schema.json'))), 'CycloneDX 1.6'));
}

export function spdxValidator(): Validate {
  if (cache.spdx) return cache.spdx;
  const ajv = new Ajv2019.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return (cache.spdx = wrap(ajv.compile(json(join(SCHEMAS, 'spdx-schema-2.3.json'))), 'SPDX 2.3'));
}

export function sarifValidator(): Validate {
  if (cache.sarif) return cache.sarif;
  const ajv = new AjvDraft04.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return (cache.sarif = wrap(ajv.compile(json(join(SCHEMAS, 'sarif-schema-2.1.0.json'))), 'SARIF 2.1.0'));
}

export function reportValidator(): Validate {
  if (cache.report) return cache.report;
  const ajv = new Ajv2019.default({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return (cache.report = wrap(ajv.compile(json(join(root, 'schemas', 'report.schema.json'))), 'report'));
}

/** Compares with test/fixtures/report/golden/<name>; UPDATE_GOLDEN=1 rewrites it. */
export function assertGolden(name: string, actual: string): void {
  const file = join(FIXTURES, 'report', 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1' && process.env.CI) assert.fail(`golden file ${name} missing (run with UPDATE_GOLDEN=1)`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.equal(actual, readFileSync(file, 'utf8'), `output differs from golden ${name} (UPDATE_GOLDEN=1 to regenerate)`);
}
