// Writes docs/rules/<ID>.md and docs/rules/README.md from the rule metadata. Run: node --import tsx scripts/gen-rules-docs.ts
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRuleDocs } from '../src/misconfig/rule-docs.js';

const dir = join(import.meta.dirname, '../docs/rules');
mkdirSync(dir, { recursive: true });
const files = renderRuleDocs();
// remove docs of rules that no longer exist
for (const f of readdirSync(dir)) if (f.endsWith('.md') && !files.has(f)) rmSync(join(dir, f));
for (const [name, text] of files) writeFileSync(join(dir, name), text);
console.log(`wrote ${files.size} files to docs/rules`);
