import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileInput } from '../../image/layer/types.js';
import { makeZip } from '../../../test/helpers/make-zip.js';
import { normalizePythonName, parsePythonMetadata, pythonInstalledCataloger } from './metadata.js';
import { parsePipfileLock, parsePoetryLock, parseRequirements } from './lockfiles.js';
import { inTime } from '../../../test/helpers/in-time.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const loc = { path: '/src/x' };
const noWarn = (m: string): never => assert.fail(m);
const file = (path: string, text: string): FileInput => ({ meta: { path, kind: 'file', mode: 0o644, uid: 0, gid: 0, size: text.length }, content: Buffer.from(text), layerIndex: 0 });

test('PEP 503 names and wanted paths', () => {
  assert.equal(normalizePythonName('Zope.Interface__X'), 'zope-interface-x');
  const w = (path: string) => pythonInstalledCataloger.wants({ path, kind: 'file', mode: 0o644, uid: 0, gid: 0, size: 10 });
  assert.equal(w('/usr/local/lib/python3.11/site-packages/Flask-2.3.2.dist-info/METADATA'), true);
  assert.equal(w('/usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info/PKG-INFO'), true);
  assert.equal(w('/usr/lib/python3/dist-packages/six-1.16.0.egg-info'), true);
  assert.equal(w('/home/x/Flask-2.3.2.dist-info/METADATA'), false);
  assert.equal(w('/usr/lib/python3/dist-packages/x.dist-info/RECORD'), false);
});

test('METADATA: name normalised, licence from License-Expression / License / classifiers', () => {
  const meta = 'Metadata-Version: 2.1\nName: Jinja2\nVersion: 3.1.2\nLicense: BSD-3-Clause\nClassifier: License :: OSI Approved :: BSD License\n\nLicense: not-a-header\n';
  const [p] = parsePythonMetadata(file('/usr/lib/python3/site-packages/Jinja2-3.1.2.dist-info/METADATA', meta), noWarn);
  assert.equal(p.purl, 'pkg:pypi/jinja2@3.1.2');
  assert.equal(p.name, 'jinja2');
  assert.deepEqual(p.licenses, ['BSD-3-Clause']);
  assert.equal(p.metadata?.originalName, 'Jinja2');
  const [q] = parsePythonMetadata(file('/s/site-packages/a.dist-info/METADATA', 'Name: ruamel.yaml\nVersion: 0.17\nLicense: UNKNOWN\nClassifier: License :: OSI Approved :: MIT License\n'), noWarn);
  assert.deepEqual([q.purl, q.licenses], ['pkg:pypi/ruamel-yaml@0.17', ['MIT License']]);
  const warnings: string[] = [];
  assert.deepEqual(parsePythonMetadata(file('/s/site-packages/a.dist-info/METADATA', 'garbage'), (m) => warnings.push(m)), []);
  assert.equal(warnings.length, 1);
});

test('METADATA with thousands of repeated headers is read in linear time (a copy per repeat was quadratic)', { timeout: 20_000 }, inTime(10_000, () => {
  // 8 MB (the cataloger's cap) of Classifier lines: minutes before, the test times out rather than measures
  const meta = 'Name: many\nVersion: 1.0\n' + 'Classifier: License :: OSI Approved :: MIT License\n'.repeat(160_000);
  const [p] = parsePythonMetadata(file('/s/site-packages/many-1.0.dist-info/METADATA', meta), noWarn);
  assert.deepEqual([p.purl, p.licenses.length], ['pkg:pypi/many@1.0', 160_000]);
}));

test('eggs: zipped (setuptools-built, real) and unpacked, in site-packages; a damaged one is a warning', () => {
  const fixture = (f: string) => readFileSync(join(ROOT, 'test/fixtures/python', f));
  const egg = (path: string, content: Buffer): FileInput => ({ meta: { path, kind: 'file', mode: 0o644, uid: 0, gid: 0, size: content.length }, content, layerIndex: 0 });
  const site = '/usr/local/lib/python3.6/site-packages';
  const [a] = parsePythonMetadata(egg(`${site}/example-21.12-py3.6.egg`, fixture('example-21.12-py3.6.egg')), noWarn);
  assert.deepEqual([a.purl, a.licenses, a.locations[0].path], ['pkg:pypi/example@21.12', ['Apache Software License'], `${site}/example-21.12-py3.6.egg`]);
  const [b] = parsePythonMetadata(egg(`${site}/my_test_package-1.0-py3.7.egg`, fixture('my_test_package-1.0-py3.7.egg')), noWarn);
  assert.equal(b.purl, 'pkg:pypi/my-test-package@1.0');
  const unpacked = `${site}/my_test_package-1.0-py3.7.egg/EGG-INFO/PKG-INFO`;
  const [c] = parsePythonMetadata(egg(unpacked, fixture('my_test_package-unpacked-PKG-INFO')), noWarn);
  assert.equal(c.purl, 'pkg:pypi/my-test-package@1.0');
  const w = (path: string) => pythonInstalledCataloger.wants({ path, kind: 'file', mode: 0o644, uid: 0, gid: 0, size: 10 });
  assert.deepEqual([`${site}/x-1.0-py3.6.egg`, unpacked, '/home/x/x-1.0.egg', `${site}/x.egg/EGG-INFO/SOURCES.txt`, `${site}/x.egg-link`].map(w), [true, true, false, false, false]);
  for (const bad of [Buffer.from('not a zip'), makeZip([{ name: 'EGG-INFO/SOURCES.txt', data: 'x' }]), fixture('example-21.12-py3.6.egg').subarray(0, 900)]) {
    const warnings: string[] = [];
    assert.deepEqual(parsePythonMetadata(egg(`${site}/bad-1.0.egg`, bad), (m) => warnings.push(m)), []);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^egg not read: /);
  }
});

test('requirements.txt: exact pins only', () => {
  const txt = '# c\nrequests==2.31.0\nFlask[async] == 2.3.2 ; python_version > "3.7"\nnumpy>=1.0\n-r other.txt\nDjango===4.2.1  # pinned\nfoo==1.*\n';
  assert.deepEqual(parseRequirements(txt, loc, noWarn).map((p) => p.purl), ['pkg:pypi/requests@2.31.0', 'pkg:pypi/flask@2.3.2', 'pkg:pypi/django@4.2.1']);
});

test('requirements.txt from pip-compile: hashes on continuation lines or after the pin', () => {
  const txt = 'flask==2.0.1 \\\n    --hash=sha256:abc \\\n    --hash=sha256:def\nurllib3==1.26.5 --hash=sha256:aaa --hash sha256:bbb\ncerts==1.0 ; python_version > "3" --hash=sha256:ccc\n';
  assert.deepEqual(parseRequirements(txt, loc, noWarn).map((p) => p.purl), ['pkg:pypi/flask@2.0.1', 'pkg:pypi/urllib3@1.26.5', 'pkg:pypi/certs@1.0']);
});

test('requirements.txt: a long run of blanks is read in linear time (the comment pattern backtracked quadratically)', { timeout: 20_000 }, inTime(10_000, () => {
  // 400 KB of blanks took minutes with /\s+#.*$/; the test times out rather than measures
  const txt = `a==1${' '.repeat(400_000)}x\nb==2 ${' '.repeat(400_000)}# comment\nc${' '.repeat(400_000)}x\nd==1;${'\t'.repeat(400_000)}\r;x\n`;
  assert.deepEqual(parseRequirements(txt, loc, noWarn).map((p) => p.purl), ['pkg:pypi/b@2', 'pkg:pypi/d@1']);
}));

test('poetry.lock and Pipfile.lock', () => {
  const poetry = '[[package]]\nname = "Certifi"\nversion = "2023.5.7"\ncategory = "main"\n\n[package.dependencies]\nfoo = ">=1"\n\n[[package]]\nname = "pytest"\nversion = "7.3.1"\ncategory = "dev"\n\n[metadata]\nlock-version = "1.1"\n';
  assert.deepEqual(parsePoetryLock(poetry, loc, noWarn).map((p) => [p.purl, p.metadata?.dev]), [['pkg:pypi/certifi@2023.5.7', undefined], ['pkg:pypi/pytest@7.3.1', true]]);
  const pip = JSON.stringify({ _meta: {}, default: { requests: { version: '==2.31.0' } }, develop: { black: { version: '==23.3.0' } } });
  assert.deepEqual(parsePipfileLock(pip, loc, noWarn).map((p) => p.purl), ['pkg:pypi/requests@2.31.0', 'pkg:pypi/black@23.3.0']);
});
