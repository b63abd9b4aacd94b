import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPylock, parsePylock, parseUvLock } from './uv-lock.js';

const loc = { path: '/src/uv.lock' };
const noWarn = (m: string): never => assert.fail(m);

// Laid out as uv 0.8 writes it (revision 3): a workspace of two editable members, a fork of numpy by Python version,
// an extra, a dev group, a git source and a local directory source. Hashes and URLs shortened.
const UV_LOCK = `version = 1
revision = 3
requires-python = ">=3.12"
resolution-markers = [
    "python_full_version >= '3.13'",
    "python_full_version < '3.13'",
]

[manifest]
members = [
    "shop",
    "shop-lib",
]

[[package]]
name = "anyio"
version = "4.9.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "idna" },
    { name = "sniffio" },
    { name = "typing-extensions", marker = "python_full_version < '3.13'" },
]
sdist = { url = "https://files.pythonhosted.org/packages/95/7d/anyio-4.9.0.tar.gz", hash = "sha256:673c", size = 190949, upload-time = "2025-03-17T00:02:54.77Z" }
wheels = [
    { url = "https://files.pythonhosted.org/packages/a1/ee/anyio-4.9.0-py3-none-any.whl", hash = "sha256:9f76", size = 100916, upload-time = "2025-03-17T00:02:52.713Z" },
]

[[package]]
name = "django"
version = "4.2.0"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "sqlparse" }]

[[package]]
name = "idna"
version = "3.10"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "iniconfig"
version = "2.1.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "numpy"
version = "1.26.4"
source = { registry = "https://pypi.org/simple" }
resolution-markers = [
    "python_full_version < '3.13'",
]

[[package]]
name = "numpy"
version = "2.2.6"
source = { registry = "https://pypi.org/simple" }
resolution-markers = [
    "python_full_version >= '3.13'",
]

[[package]]
name = "pluggy"
version = "1.6.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "pytest"
version = "8.3.5"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "iniconfig" },
    { name = "pluggy" },
]

[[package]]
name = "PyYAML"
version = "6.0.2"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "requests"
version = "2.32.3"
source = { git = "https://github.com/psf/requests?rev=v2.32.3#0e322af87745eff34caffe4df68456ebc20d9068" }

[[package]]
name = "shop"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "anyio" },
    { name = "django" },
    { name = "numpy", version = "1.26.4", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version < '3.13'" },
    { name = "numpy", version = "2.2.6", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version >= '3.13'" },
    { name = "shop-lib" },
]

[package.optional-dependencies]
yaml = [
    { name = "pyyaml" },
]

[package.dev-dependencies]
dev = [
    { name = "pytest" },
    { name = "sniffio" },
]

[package.metadata]
requires-dist = [
    { name = "anyio", specifier = ">=4" },
    { name = "django", specifier = "==4.2.0" },
]

[package.metadata.requires-dev]
dev = [{ name = "pytest", specifier = ">=8" }]

[[package]]
name = "shop-lib"
version = "0.1.0"
source = { editable = "packages/shop-lib" }

[[package]]
name = "sniffio"
version = "1.3.1"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "sqlparse"
version = "0.5.3"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "typing-extensions"
version = "4.14.1"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "vendored-thing"
version = "1.0.0"
source = { directory = "vendor/thing" }
`;

test('uv.lock: every locked PyPI package, the workspace members and local trees left out, dev-only ones marked', () => {
  const pkgs = parseUvLock(UV_LOCK, loc, noWarn);
  assert.deepEqual(
    pkgs.map((p) => [p.purl, p.metadata?.dev ?? false]),
    [
      ['pkg:pypi/anyio@4.9.0', false],
      ['pkg:pypi/django@4.2.0', false],
      ['pkg:pypi/idna@3.10', false],
      ['pkg:pypi/iniconfig@2.1.0', true],
      ['pkg:pypi/numpy@1.26.4', false],
      ['pkg:pypi/numpy@2.2.6', false],
      ['pkg:pypi/pluggy@1.6.0', true],
      ['pkg:pypi/pytest@8.3.5', true],
      // an extra of the project is installed with it; the name is normalised (PEP 503)
      ['pkg:pypi/pyyaml@6.0.2', false],
      // not reached from the project at all: reported, and not called dev on no evidence
      ['pkg:pypi/requests@2.32.3', false],
      // in the dev group, but also needed at run time (through anyio)
      ['pkg:pypi/sniffio@1.3.1', false],
      ['pkg:pypi/sqlparse@0.5.3', false],
      ['pkg:pypi/typing-extensions@4.14.1', false],
    ],
  );
  assert.ok(pkgs.every((p) => p.locations[0].path === '/src/uv.lock' && p.foundBy === 'python-lock-cataloger'));
});

test('uv.lock without a local project (uv pip compile style): nothing is called dev', () => {
  const text = '[[package]]\nname = "pytest"\nversion = "8.3.5"\nsource = { registry = "https://pypi.org/simple" }\n';
  assert.deepEqual(parseUvLock(text, loc, noWarn).map((p) => [p.purl, p.metadata?.dev]), [['pkg:pypi/pytest@8.3.5', undefined]]);
});

test('uv.lock: brackets and quotes inside strings do not end a value early or swallow the next package', () => {
  const text = [
    '[[package]]',
    'name = "a"',
    'version = "1.0"',
    'source = { registry = "https://example.test/simple?x=[}" }',
    'dependencies = [',
    `    { name = "b", marker = "extra == 'x[' and sys_platform != 'y{'" },`,
    '    { name = "c\\"q", marker = \'a ] }\' },',
    ']',
    '',
    '[[package]]',
    'name = "b"',
    'version = "2.0"',
  ].join('\r\n');
  assert.deepEqual(
    parseUvLock(text, loc, noWarn).map((p) => p.purl),
    ['pkg:pypi/a@1.0', 'pkg:pypi/b@2.0'],
  );
});

test('uv.lock: an array left open takes the rest of the file with it, in linear time', () => {
  const open = '[[package]]\nname = "a"\nversion = "1.0"\ndependencies = [\n' + '    { name = "x" },\n'.repeat(200_000);
  const t = performance.now();
  assert.deepEqual(parseUvLock(open, loc, noWarn).map((p) => p.purl), ['pkg:pypi/a@1.0']);
  // hostile shapes for the inline-table reader: a long run of key characters, unclosed strings
  const keys = `[[package]]\nname = "a"\nversion = "1.0"\nsource = { ${'k'.repeat(500_000)} }\n`;
  assert.equal(parseUvLock(keys, loc, noWarn).length, 1);
  const quotes = `[[package]]\nname = "a"\nversion = "1.0"\nsource = { a = "${'x = "'.repeat(100_000)}\n`;
  assert.equal(parseUvLock(quotes, loc, noWarn).length, 1);
  assert.ok(performance.now() - t < 5000, `took ${performance.now() - t} ms`);
});

// PEP 751's example lock, shortened: an index package, a wheel-only one, a VCS checkout and the project directory.
const PYLOCK = `lock-version = '1.0'
environments = ["sys_platform == 'win32'", "sys_platform == 'linux'"]
requires-python = '== 3.12'
created-by = 'mousebender'

[[packages]]
name = 'attrs'
version = '25.1.0'
requires-python = '>= 3.8'
index = 'https://pypi.org/simple'

[[packages.wheels]]
name = 'attrs-25.1.0-py3-none-any.whl'
upload-time = 2025-01-25T11:30:10.164985+00:00
url = 'https://files.pythonhosted.org/packages/fc/30/attrs-25.1.0-py3-none-any.whl'
size = 63152
hashes = {sha256 = 'c75a69e28a550a7e93789579c22aa26b0f5b83b75dc4e08fe092980051e1090a'}

[[packages.attestation-identities]]
environment = 'release-pypi'
kind = 'GitHub'
repository = 'python-attrs/attrs'
workflow = 'pypi-package.yml'

[[packages]]
name = "cattrs"
version = "24.1.2"
wheels = [{ name = "cattrs-24.1.2-py3-none-any.whl", url = "https://files.pythonhosted.org/packages/c8/d5/cattrs-24.1.2-py3-none-any.whl", hashes = { sha256 = "67c7" } }]

[[packages]]
name = 'flask'
version = '3.1.0'

[packages.vcs]
type = 'git'
url = 'https://github.com/pallets/flask.git'
commit-id = '2fec0b206c6e83ea813ab26597e15c96fab08be7'

[[packages]]
name = 'my-app'
version = '0.1.0'

[packages.directory]
path = '.'
editable = true

[[packages]]
name = 'no-version'
vcs = { type = 'git', url = 'https://example.test/x.git', commit-id = 'abc' }

[tool.mousebender]
command = ['.', 'lock', '--platform', 'cpython3.12-windows-x64', 'cattrs', 'numpy']
`;

test('pylock.toml (PEP 751): versioned packages; the project directory and entries without a version left out', () => {
  assert.deepEqual(
    parsePylock(PYLOCK, { path: '/src/pylock.toml' }, noWarn).map((p) => p.purl),
    ['pkg:pypi/attrs@25.1.0', 'pkg:pypi/cattrs@24.1.2', 'pkg:pypi/flask@3.1.0'],
  );
  assert.deepEqual(
    ['pylock.toml', 'pylock.dev.toml', 'pylock.a.b.toml', 'pylock.tomlx', 'xpylock.toml', 'pyproject.toml'].map(isPylock),
    [true, true, false, false, false, false],
  );
});
