// Checks every regular-expression literal under src/ (tests left out) for super-linear backtracking with the recheck
// ReDoS checker, and times each attack string recheck finds, so a finding can be judged by what it costs.
// Not part of the test suite (recheck is not a dependency; it ships a 50 MB native checker):
//   npm install --no-save recheck@4 && node scripts/regex-audit.mjs
// Exits 1 when a pattern is reported vulnerable. Patterns built with `new RegExp` are not seen; check those by hand.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(import.meta.url);
let checkSync;
try {
  ({ checkSync } = require('recheck'));
} catch {
  console.error('regex-audit: recheck is not installed; run `npm install --no-save recheck@4` first');
  process.exit(2);
}
const ts = require('typescript');

function sources(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.includes('test-data')) out.push(p);
  }
  return out;
}

/** Milliseconds one search over the attack string takes (its repeat count scaled down when it is slow). */
function timeAttack(pattern, flags, attack) {
  const re = new RegExp(pattern, flags.replace('y', ''));
  const reps = /repeat\((\d+)\)/.exec(attack);
  let ms = 0;
  let length = 0;
  for (const share of [0.05, 0.2, 1]) {
    // the attack is recheck's own JavaScript expression ('a'.repeat(n) + 'b'), with n scaled
    const text = new Function(`return ${reps ? attack.replace(/repeat\(\d+\)/, `repeat(${Math.floor(Number(reps[1]) * share)})`) : attack}`)();
    const t = performance.now();
    if (flags.includes('g')) text.replace(re, '');
    else re.exec(text);
    ms = performance.now() - t;
    length = text.length;
    if (ms > 1000 || !reps) break;
  }
  return { ms, length };
}

let checked = 0;
let vulnerable = 0;
for (const file of sources(join(root, 'src'))) {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const text = node.text;
      const cut = text.lastIndexOf('/');
      const pattern = text.slice(1, cut);
      const flags = text.slice(cut + 1);
      checked++;
      const r = checkSync(pattern, flags, { timeout: 10_000 });
      if (r.status !== 'safe') {
        const where = `${relative(root, file)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        const how = r.complexity ? `${r.complexity.type}${r.complexity.degree ? ` (degree ${r.complexity.degree})` : ''}` : r.status;
        const cost = r.attack ? timeAttack(pattern, flags, r.attack.pattern) : undefined;
        console.log(`${r.status} ${where} /${pattern}/${flags}: ${how}${cost ? `; ${cost.ms.toFixed(0)} ms at ${cost.length} characters` : ''}`);
        if (r.status === 'vulnerable') vulnerable++;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}
console.log(`regex-audit: ${checked} literals checked, ${vulnerable} reported vulnerable`);
process.exitCode = vulnerable > 0 ? 1 : 0;
