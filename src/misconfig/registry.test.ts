import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules, rulesByTarget, TARGETS } from './registry.js';
import { renderRuleDocs } from './rule-docs.js';
import { EXTERNAL_IDS } from './rule-mapping.js';

test('every rule has a unique stable id and complete metadata', () => {
  const rules = allRules();
  const ids = new Set<string>();
  for (const r of rules) {
    assert.match(r.id, /^DD-(DF|IMG|K8S|PSS|RBAC|NET|DC|SEC|GEN)-\d{3}$/);
    assert.ok(!ids.has(r.id), `duplicate ${r.id}`);
    ids.add(r.id);
    assert.ok((TARGETS as readonly string[]).includes(r.target), r.id);
    for (const k of ['title', 'description', 'remediation'] as const) assert.ok(r[k].trim().length > 5, `${r.id} ${k}`);
    assert.ok(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'].includes(r.severity), r.id);
    assert.equal('check' in r, false, 'metadata only');
  }
  for (const [t, list] of Object.entries(rulesByTarget())) for (const r of list) assert.equal(r.target, t, r.id);
  for (const id of Object.keys(EXTERNAL_IDS)) assert.ok(ids.has(id), `mapping names unknown rule ${id}`);
});

test('committed docs/rules are current (run scripts/gen-rules-docs.ts)', () => {
  const dir = join(import.meta.dirname, '../../docs/rules');
  assert.ok(existsSync(dir), 'docs/rules missing');
  const want = renderRuleDocs();
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.md')).sort(), [...want.keys()].sort());
  for (const [name, text] of want) assert.equal(readFileSync(join(dir, name), 'utf8'), text, `${name} is stale`);
});
