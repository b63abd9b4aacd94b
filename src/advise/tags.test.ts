import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alternativeTags, familyUpgrades, parseTag } from './tags.js';

test('parseTag: version + variant, tags without a version are not candidates', () => {
  const table: [string, number[] | undefined, string?][] = [
    ['8.5.21-jdk8', [8, 5, 21], 'jdk8'],
    ['3.20', [3, 20], ''],
    ['3.20.3-alpine3.20', [3, 20, 3], 'alpine3.20'],
    ['8.5.97-jdk8-slim', [8, 5, 97], 'jdk8-slim'],
    ['v1.2.3', [1, 2, 3], ''],
    ['bookworm-slim', undefined],
    ['latest', undefined],
    ['20240101', undefined],
    ['sha256-abc.sig', undefined],
  ];
  for (const [tag, release, variant] of table) {
    const p = parseTag(tag);
    assert.deepEqual(p?.release, release, tag);
    if (release) assert.equal(p?.variant, variant, tag);
  }
});

const TAGS = ['8.5.21-jdk8', '8.5.23-jdk8', '8.5.97-jdk8', '8.5.100-jdk8', '8.5-jdk8', '8.5.99-jdk11', '9.0.80-jdk11', '9.0.85-jdk8', '10.1.5-jdk8',
  '8.5.100-jdk8-slim', '8.5.100-jdk11-slim', '8.5.100-jdk8-alpine3.20', 'latest', 'jdk8', '3.20', '3.19', '3.20.3-alpine3.20'];

test('familyUpgrades: same suffix and precision; minor within major.minor, major = newest newer major', () => {
  const up = familyUpgrades(parseTag('8.5.21-jdk8')!, TAGS);
  assert.equal(up.minor?.tag, '8.5.100-jdk8', 'numeric, not lexical: 100 > 97; never jdk11');
  assert.equal(up.major?.tag, '10.1.5-jdk8');
  assert.deepEqual(familyUpgrades(parseTag('8.5.100-jdk8')!, TAGS).minor, undefined);
  assert.equal(familyUpgrades(parseTag('8.5-jdk8')!, TAGS).minor, undefined, '8.5 has no newer two-part tag');
  // no minor part: the line is the major
  assert.equal(familyUpgrades(parseTag('3.19')!, TAGS).minor?.tag, '3.20');
  assert.equal(familyUpgrades(parseTag('9.0.80-jdk11')!, TAGS).minor, undefined);
});

test('alternativeTags: smaller variants of the same runtime at the same release', () => {
  const alts = alternativeTags(parseTag('8.5.21-jdk8')!, [8, 5, 100], TAGS).map((t) => t.tag);
  assert.deepEqual(alts, ['8.5.100-jdk8-alpine3.20', '8.5.100-jdk8-slim']);
  assert.deepEqual(alternativeTags(parseTag('8.5.100-jdk8-slim')!, [8, 5, 100], TAGS).map((t) => t.tag), ['8.5.100-jdk8-alpine3.20']);
});
