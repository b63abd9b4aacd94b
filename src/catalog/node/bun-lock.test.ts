import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBunLock } from './bun-lock.js';
import { inTime } from '../../../test/helpers/in-time.js';

const loc = { path: '/src/bun.lock' };
const noWarn = (m: string): never => assert.fail(m);

// As Bun 1.2 writes it (trailing commas), with a workspace package, an alias, a nested copy, a git dependency and a
// dev-only chain. Integrity hashes shortened.
const BUN_LOCK = `{
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "shop",
      "dependencies": {
        "@shop/ui": "workspace:*",
        "express": "^4.18.2",
        "legacy-qs": "npm:qs@6.5.2",
        "left-pad": "github:left-pad/left-pad#v1.3.0",
      },
      "devDependencies": {
        "typescript": "^5.4.0",
        "vitest": "^1.6.0",
      },
    },
    "packages/ui": {
      "name": "@shop/ui",
      "version": "0.0.1",
      "dependencies": {
        "debug": "^4.3.4",
      },
    },
  },
  "packages": {
    "@shop/ui": ["@shop/ui@workspace:packages/ui"],
    "debug": ["debug@4.3.4", "", { "dependencies": { "ms": "2.1.2" } }, "sha512-PRWFHuSU"],
    "express": ["express@4.18.2", "", { "dependencies": { "debug": "2.6.9", "qs": "6.11.0" } }, "sha512-5/PsL6iG"],
    "express/debug": ["debug@2.6.9", "", { "dependencies": { "ms": "2.0.0" } }, "sha512-bC7ElrdJ"],
    "express/debug/ms": ["ms@2.0.0", "", {}, "sha512-Tpp60P6I"],
    "legacy-qs": ["qs@6.5.2", "", {}, "sha512-N5ZAX4/L"],
    "left-pad": ["left-pad@github:left-pad/left-pad#5f9f6b4", {}, "left-pad-left-pad-5f9f6b4"],
    "ms": ["ms@2.1.2", "", {}, "sha512-sGkPx+VjM"],
    "qs": ["qs@6.11.0", "", { "dependencies": { "side-channel": "^1.0.4" } }, "sha512-MvjoMCJw"],
    "side-channel": ["side-channel@1.0.6", "", {}, "sha512-fDW/EZ6Q"],
    "tinyspy": ["tinyspy@2.2.1", "", {}, "sha512-KYad6Vy5"],
    "typescript": ["typescript@5.4.5", "", { "bin": { "tsc": "bin/tsc", "tsserver": "bin/tsserver" } }, "sha512-vcI4UpRg"],
    "vitest": ["vitest@1.6.0", "", { "dependencies": { "tinyspy": "^2.2.0", "debug": "^4.3.4" } }, "sha512-H5r/dN06"],
  }
}
`;

test('bun.lock: registry packages (an alias as the package it installs), workspaces and git sources left out, dev-only marked', () => {
  const pkgs = parseBunLock(BUN_LOCK, loc, noWarn);
  assert.deepEqual(
    pkgs.map((p) => `${p.purl}${p.metadata?.dev ? ' (dev)' : ''}`).sort(),
    [
      'pkg:npm/debug@2.6.9',
      // also needed by vitest, but at run time through @shop/ui
      'pkg:npm/debug@4.3.4',
      'pkg:npm/express@4.18.2',
      'pkg:npm/ms@2.0.0',
      'pkg:npm/ms@2.1.2',
      'pkg:npm/qs@6.11.0',
      'pkg:npm/qs@6.5.2',
      'pkg:npm/side-channel@1.0.6',
      'pkg:npm/tinyspy@2.2.1 (dev)',
      'pkg:npm/typescript@5.4.5 (dev)',
      'pkg:npm/vitest@1.6.0 (dev)',
    ],
  );
  assert.ok(pkgs.every((p) => p.foundBy === 'javascript-lock-cataloger' && p.locations[0].path === '/src/bun.lock'));
});

test('bun.lock that is not JSONC, or not a lockfile: a warning, no packages', () => {
  for (const text of ['{"packages": {"a": ["a@1.0.0"]', '[]', '{"lockfileVersion": 1}', 'bun.lockb\u0000binary']) {
    const warnings: string[] = [];
    assert.deepEqual(parseBunLock(text, loc, (m) => warnings.push(m)), [], text);
    assert.equal(warnings.length, 1, text);
  }
  // comments are JSONC too
  assert.deepEqual(parseBunLock('{ // c\n "packages": { /* x */ "a": ["a@1.0.0", "", {}, "sha512-x"], } }', loc, noWarn).map((p) => p.purl), ['pkg:npm/a@1.0.0']);
});

test('bun.lock with hostile shapes: a warning each, quickly (the parser recursed per level and listed every error)', { timeout: 20_000 }, inTime(10_000, () => {
  for (const text of ['{"packages": ' + '['.repeat(200_000) + ']'.repeat(200_000) + '}', '{"packages": {' + ','.repeat(10_000_000) + '}}']) {
    const warnings: string[] = [];
    assert.deepEqual(parseBunLock(text, loc, (m) => warnings.push(m)), []);
    assert.equal(warnings.length, 1);
  }
}));
