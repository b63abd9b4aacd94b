import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileInput } from '../../image/layer/types.js';
import { parseInstalledJson, parseComposerLock } from './composer.js';

const file = (json: unknown): FileInput => {
  const content = Buffer.from(JSON.stringify(json));
  return { meta: { path: '/var/www/vendor/composer/installed.json', kind: 'file', mode: 0o644, uid: 0, gid: 0, size: content.length }, content, layerIndex: 0 };
};

test('installed.json v1 (array) and v2 ({packages})', () => {
  const pkgs = [{ name: 'monolog/monolog', version: '2.9.1', license: ['MIT'] }, { name: 'symfony/polyfill-ctype', version: 'v1.27.0' }];
  for (const json of [pkgs, { packages: pkgs, dev: true }]) {
    const out = parseInstalledJson(file(json), (m) => assert.fail(m));
    assert.deepEqual(out.map((p) => p.purl), ['pkg:composer/monolog/monolog@2.9.1', 'pkg:composer/symfony/polyfill-ctype@1.27.0']);
    assert.deepEqual(out[0].licenses, ['MIT']);
  }
  const warnings: string[] = [];
  assert.deepEqual(parseInstalledJson(file({ nope: 1 }), (m) => warnings.push(m)), []);
  assert.equal(warnings.length, 1);
});

test('composer.lock packages and packages-dev', () => {
  const lock = JSON.stringify({ packages: [{ name: 'guzzlehttp/guzzle', version: '7.7.0' }], 'packages-dev': [{ name: 'phpunit/phpunit', version: '10.2.2' }] });
  assert.deepEqual(parseComposerLock(lock, { path: '/src/composer.lock' }, () => {}).map((p) => [p.purl, p.metadata?.dev]), [['pkg:composer/guzzlehttp/guzzle@7.7.0', undefined], ['pkg:composer/phpunit/phpunit@10.2.2', true]]);
});
