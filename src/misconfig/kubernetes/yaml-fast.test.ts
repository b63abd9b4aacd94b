// The fast YAML reader must agree with the `yaml` library (values, object lines, lineOf for every path) or give up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseFastYaml } from './yaml-fast.js';
import { parseYamlDocs, parseYamlDocsFull, type PathSeg } from './yaml-docs.js';

function paths(v: unknown, prefix: PathSeg[] = [], out: PathSeg[][] = []): PathSeg[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

/** fast and full parse give the same documents, objects and lines; returns whether the fast reader took the text */
function agree(text: string, label: string): boolean {
  const fast = parseFastYaml(text, []);
  const full = parseYamlDocsFull(text, 'f.yaml');
  if (!fast) return false;
  const docs = parseAllDocuments(text, { uniqueKeys: false });
  assert.ok(Array.isArray(docs), label);
  assert.equal(full.warnings.length, 0, `${label}: the fast reader took a text the yaml library rejects: ${full.warnings[0]?.message}`);
  assert.deepEqual(
    fast.map((d) => d.value),
    (docs as ReturnType<typeof parseAllDocuments> & unknown[]).map((d) => (d as { toJS: () => unknown }).toJS()),
    `${label}: values`,
  );
  const quick = parseYamlDocs(text, 'f.yaml');
  assert.equal(quick.objects.length, full.objects.length, `${label}: objects`);
  quick.objects.forEach((o, i) => {
    const f = full.objects[i];
    const pick = (x: typeof o) => ({ kind: x.kind, apiVersion: x.apiVersion, name: x.name, namespace: x.namespace, docIndex: x.docIndex, base: x.base, line: x.line, endLine: x.endLine, obj: x.obj });
    assert.deepEqual(pick(o), pick(f), `${label}: object ${i}`);
    for (const p of paths(o.obj)) {
      for (const q of [p, [...p, 'missing'], [...p, 7]]) assert.equal(o.lineOf(q), f.lineOf(q), `${label}: line of ${JSON.stringify(q)}`);
    }
  });
  return true;
}

const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n';

const ACCEPTED: Record<string, string> = {
  'block map and sequences': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\n  labels:\n    app: web\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: a\n          image: nginx:1.25\n          args:\n          - --port=8080\n          - "--x"\n        -\n          name: b\n          image: b\n',
  'flow collections, also across lines': head + 'data: {a: 1, "b": \'two\', c: [x, y, {z: null}], d: {}, e: []}\nlist: [\n    1, 2,\n    3, # three\n  ]\njson: {"k":"v","n":1}\nurl: {u: http://x:80/p, w: "a: b"}\n',
  'scalars of the core schema': head + 'data:\n  n1: ~\n  n2: null\n  n3: Null\n  n4:\n  b1: true\n  b2: False\n  b3: TRUE\n  i1: 42\n  i2: -7\n  i3: 0o17\n  i4: 0x1F\n  i5: 0012\n  f1: 1.5\n  f2: .5\n  f3: 1e3\n  f4: -.inf\n  f5: .NaN\n  s1: yes\n  s2: 1.2.3\n  s3: "42"\n  s4: \'true\'\n  s5: 0o8\n  s7: x # comment\n  s8: a#b\n  s9: "esc \\"q\\" \\n \\t \\u00e9 \\x41 \\\\"\n  s10: \'it\'\'s\'\n  s11: "   "\n  s12: :colon\n  s13: ?q\n  s14: a,b[c]{d}\n',
  'literal block scalars': head + 'data:\n  a: |\n    line 1\n      indented\n\n    line 3\n  b: |-\n    no newline\n  c: |+\n    kept\n  d: | # comment\n    x\n  e: |\n\n    after blank\n  f: ok\n',
  'comments and blank lines': '# header\n\napiVersion: v1 # trailing\nkind: Pod\n# between\nmetadata:\n\n  name: p\n  # indented comment at key level\n  labels: {a: b}\nspec:\n  containers:\n  # comment before item\n  - name: c\n    image: i\n',
  'several documents, empty ones and a List': '---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\n---\n# only a comment\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p1\n- {apiVersion: v1, kind: Pod, metadata: {name: p2}}\n--- # marker comment\nplain: map\n---\n',
  'sequence at the key indent and nested sequences': head + 'a:\n- 1\n- - x\n  - y\n- k: v\n  l: w\nb: 2\n',
  'quoted keys and odd plain keys': head + 'data:\n  "quoted key": 1\n  \'single\': 2\n  key with spaces: 3\n  a.b/c-d_e: 4\n  "x:y": 5\n  dup: first\n  dup: second\n',
  'a root sequence and a root scalar document': '- a\n- b\n---\njust text\n',
  'no newline at the end': head + 'data:\n  a: b',
  'document start marker only at column 0': head + 'data:\n  a: "--- not a marker"\n  b: ---x\n',
};

const REJECTED: Record<string, string> = {
  anchors: 'a: &x 1\nb: *x\n',
  tags: 'a: !!str 1\n',
  folded: 'a: >\n  folded\n  text\n',
  'multi-line plain scalar': 'a: one\n  two\n',
  'multi-line quoted scalar': 'a: "one\n  two"\n',
  'indentation indicator': 'a: |2\n   x\n',
  tabs: 'a:\tb\n',
  crlf: 'a: b\r\n',
  directives: '%YAML 1.2\n---\na: b\n',
  'document end marker': 'a: b\n...\n',
  'complex key': '? a\n: b\n',
  'merge key': 'a: {x: 1}\nb:\n  <<: {y: 2}\n',
  'numeric key': '8080: http\n',
  'nested mapping on one line': 'a: b: c\n',
  'bad indentation': 'a:\n    b: 1\n  c: 2\n',
  'unterminated flow': 'a: [1, 2\n',
  'empty sequence item': 'a:\n-\n- b\n',
  'keep chomping with trailing blanks': 'a: |+\n  x\n\nb: 1\n',
  'proto key': '__proto__: {a: 1}\n',
};

for (const [name, text] of Object.entries(ACCEPTED))
  test(`fast YAML reader agrees with the yaml library: ${name}`, () => {
    assert.equal(agree(text, name), true, `${name}: expected the fast reader to take it`);
  });

for (const [name, text] of Object.entries(REJECTED))
  test(`fast YAML reader leaves it to the yaml library: ${name}`, () => {
    assert.equal(parseFastYaml(text, []), undefined, name);
    // and parseYamlDocs still answers (through the full parser)
    const strip = (os: { lineOf: unknown }[]) => os.map(({ lineOf: _, ...o }) => o);
    assert.deepEqual(strip(parseYamlDocs(text, 'f.yaml').objects), strip(parseYamlDocsFull(text, 'f.yaml').objects));
  });

test('fast YAML reader agrees on the repository YAML fixtures', () => {
  const root = join(import.meta.dirname, '../../../test/fixtures');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e)) files.push(p);
    }
  };
  walk(root);
  assert.ok(files.length > 0);
  for (const f of files) agree(readFileSync(f, 'utf8'), f);
});

test('lazy documents: compose-style readers still get the yaml Document tree', () => {
  const p = parseYamlDocs('services:\n  web:\n    image: nginx\n', 'c.yaml');
  assert.equal(p.documents.length, 1);
  assert.deepEqual(p.documents[0].value, { services: { web: { image: 'nginx' } } });
  assert.equal(p.lineCounter.linePos(12).line, 2);
});

test('fast YAML reader, fuzzed: whatever it accepts, the yaml library reads alike (values, errors, lines)', () => {
  const seed =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  labels: {app: web, tier: "fe"}\nspec:\n  template:\n    spec:\n      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n      volumes: [{name: e, emptyDir: {}}]\n      containers:\n        - name: app\n          image: registry.example/app:1.2\n          ports: [{containerPort: 8080, hostPort: 0}]\n          env:\n            - {name: A, value: "x y"}\n          args:\n          - --flag=1\n          - \'q\'\n          securityContext:\n            capabilities:\n              drop: [ALL]\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  s: |\n    line\n      more\n  n: 0x1F\n  t: ~\n';
  const frags = [' ', '  ', '- ', ': ', ':', '#', ' #c', '"', "'", '[', ']', '{', '}', ',', '|', '|-', '\n', '\n  ', '---\n', 'x', 'true', '~', '&a ', '*a', '!t ', '>', '?', '%', '\\', '1e3'];
  let rnd = 7;
  const rand = (n: number) => (rnd = (rnd * 1103515245 + 12345) & 0x7fffffff) % n;
  let accepted = 0;
  for (let it = 0; it < 200; it++) {
    let t = seed;
    for (let o = 1 + rand(3); o > 0; o--) {
      const p = rand(t.length + 1);
      const k = rand(3);
      if (k === 0) t = t.slice(0, p) + frags[rand(frags.length)] + t.slice(p);
      else if (k === 1) t = t.slice(0, p) + t.slice(p + 1 + rand(4));
      else t = t.split('\n').filter((_, i, a) => i !== rand(a.length)).join('\n');
    }
    if (agree(t, JSON.stringify(t))) accepted++;
  }
  assert.ok(accepted > 30, `the fast reader took ${accepted} of 200 variants`);
});
