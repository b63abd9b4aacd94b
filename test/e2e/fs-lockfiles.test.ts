// End to end: `drydock fs` on source trees: uv (uv.lock) and Gradle (gradle.lockfile) lockfiles matched against
// real advisories from ../shared/data (PyPA's Django records, GitHub's Tomcat records), and a very large package-lock.json.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DATA, DATA_SKIP, ROOT, drydock, removeDir, show, tempDir } from './cli.js';

let dir: string;
before(() => {
  dir = tempDir('fs-lockfiles');
});
after(() => removeDir(dir));

const UV_LOCK = `version = 1
revision = 3
requires-python = ">=3.12"

[[package]]
name = "django"
version = "4.2.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "sqlparse" },
]

[[package]]
name = "pytest"
version = "8.3.5"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "shop"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "django" },
]

[package.dev-dependencies]
dev = [
    { name = "pytest" },
]

[[package]]
name = "sqlparse"
version = "0.5.3"
source = { registry = "https://pypi.org/simple" }
`;

const GRADLE_LOCKFILE = `# This is a Gradle generated file for dependency locking.
# Manual edits can break the build and are not advised.
# This file is expected to be part of source control.
org.apache.tomcat.embed:tomcat-embed-core:9.0.63=compileClasspath,runtimeClasspath
org.apache.tomcat.embed:tomcat-embed-core:9.0.80=testRuntimeClasspath
empty=annotationProcessor
`;

interface Report {
  targets: { name: string; packages: { purl: string; metadata?: { dev?: boolean } }[] }[];
  findings: { id: string; aliases: string[]; package: { purl: string }; fixedVersion?: string }[];
}

test('drydock fs: uv.lock and gradle.lockfile packages are listed and matched', { skip: DATA_SKIP }, async () => {
  const src = join(dir, 'src');
  mkdirSync(join(src, 'backend'), { recursive: true });
  writeFileSync(join(src, 'uv.lock'), UV_LOCK);
  writeFileSync(join(src, 'backend', 'gradle.lockfile'), GRADLE_LOCKFILE);
  const advisories = join(dir, 'advisories');
  mkdirSync(advisories);
  for (const f of ['PYSEC-2023-61.yaml', 'PYSEC-2023-100.yaml']) copyFileSync(join(DATA, 'osv/pypa-advisory-database/vulns/django', f), join(advisories, f));
  copyFileSync(join(DATA, 'osv/tomcat-ghsa/GHSA-q3mw-pvr8-9ggc.json'), join(advisories, 'GHSA-q3mw-pvr8-9ggc.json'));

  const r = await drydock(['fs', src, '--advisories', advisories, '--scanners', 'vuln', '--format', 'json', '--quiet']);
  assert.equal(r.code, 0, show(r));
  const report = JSON.parse(r.stdout) as Report;
  const purls = report.targets.flatMap((t) => t.packages.map((p) => `${p.purl}${p.metadata?.dev ? ' (dev)' : ''}`)).sort();
  assert.deepEqual(purls, [
    'pkg:maven/org.apache.tomcat.embed/tomcat-embed-core@9.0.63',
    'pkg:maven/org.apache.tomcat.embed/tomcat-embed-core@9.0.80 (dev)',
    'pkg:pypi/django@4.2.0',
    'pkg:pypi/pytest@8.3.5 (dev)',
    'pkg:pypi/sqlparse@0.5.3',
  ]);
  const found = report.findings.map((f) => `${f.package.purl} ${[f.id, ...f.aliases].find((x) => x.startsWith('CVE-'))} fixed in ${f.fixedVersion}`).sort();
  assert.deepEqual(found, [
    'pkg:maven/org.apache.tomcat.embed/tomcat-embed-core@9.0.63 CVE-2023-41080 fixed in 9.0.80',
    'pkg:pypi/django@4.2.0 CVE-2023-31047 fixed in 4.2.1',
    'pkg:pypi/django@4.2.0 CVE-2023-36053 fixed in 4.2.3',
  ]);
});

test('drydock fs: a package-lock.json of 150,000 packages is scanned (push(...) of them overflowed the stack)', async () => {
  const src = join(dir, 'huge');
  mkdirSync(src);
  const packages: Record<string, unknown> = { '': { name: 'monorepo' } };
  for (let i = 0; i < 150_000; i++) packages[`node_modules/p${i}`] = { version: `1.${i % 7}.0` };
  writeFileSync(join(src, 'package-lock.json'), JSON.stringify({ name: 'monorepo', lockfileVersion: 3, packages }));
  const r = await drydock(['fs', src, '--advisories', join(ROOT, 'examples/advisories'), '--scanners', 'vuln', '--format', 'json', '--quiet']);
  assert.equal(r.code, 0, show(r));
  const report = JSON.parse(r.stdout) as Report;
  assert.equal(report.targets.reduce((n, t) => n + t.packages.length, 0), 150_000);
});
