import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAffected, isInVersionList, type RangeEvent } from './range.js';

// [scheme, events, version, affected]; ranges follow the examples of the OSV schema documentation.
const table: [string, RangeEvent[], string, boolean][] = [
  // introduced 0 = from the beginning, fixed is exclusive
  ['semver', [{ introduced: '0' }, { fixed: '1.0.0' }], '0.0.1', true],
  ['semver', [{ introduced: '0' }, { fixed: '1.0.0' }], '1.0.0-rc.1', true],
  ['semver', [{ introduced: '0' }, { fixed: '1.0.0' }], '1.0.0', false],
  ['semver', [{ introduced: '0' }, { fixed: '1.0.0' }], '2.0.0', false],
  // introduced is inclusive
  ['semver', [{ introduced: '1.0.0' }, { fixed: '1.0.2' }], '0.9.9', false],
  ['semver', [{ introduced: '1.0.0' }, { fixed: '1.0.2' }], '1.0.0', true],
  ['semver', [{ introduced: '1.0.0' }, { fixed: '1.0.2' }], '1.0.1', true],
  // no fix yet: everything from introduced on
  ['semver', [{ introduced: '1.0.0' }], '99.0.0', true],
  ['semver', [{ introduced: '1.0.0' }], '0.1.0', false],
  // last_affected is inclusive
  ['semver', [{ introduced: '0' }, { last_affected: '1.2.0' }], '1.2.0', true],
  ['semver', [{ introduced: '0' }, { last_affected: '1.2.0' }], '1.2.1', false],
  // several introduced/fixed pairs: two separate intervals
  ...(['0.9.0', '1.0.0', '1.0.5', '1.1.0', '1.1.1', '1.2.0', '2.0.0'] as const).map((v, i): [string, RangeEvent[], string, boolean] => [
    'semver',
    [{ introduced: '1.0.0' }, { fixed: '1.0.5' }, { introduced: '1.1.0' }, { fixed: '1.2.0' }],
    v,
    [false, true, false, true, true, false, false][i],
  ]),
  // events given out of order are sorted by version first
  ['semver', [{ fixed: '1.2.0' }, { introduced: '1.1.0' }, { fixed: '1.0.5' }, { introduced: '1.0.0' }], '1.0.7', false],
  ['semver', [{ fixed: '1.2.0' }, { introduced: '1.1.0' }, { fixed: '1.0.5' }, { introduced: '1.0.0' }], '1.1.7', true],
  // limit caps the range
  ['semver', [{ introduced: '1.0.0' }, { limit: '2.0.0' }], '1.5.0', true],
  ['semver', [{ introduced: '1.0.0' }, { limit: '2.0.0' }], '2.0.0', false],
  ['semver', [{ introduced: '1.0.0' }, { limit: '*' }], '5.0.0', true],
  // no events, or only a fix: nothing is affected
  ['semver', [], '1.0.0', false],
  ['semver', [{ fixed: '2.0.0' }], '1.0.0', false],
  // scheme-specific ordering decides
  ['deb', [{ introduced: '0' }, { fixed: '1.2.3-1~deb7u1' }], '1.2.3-1~deb7u0', true],
  ['deb', [{ introduced: '0' }, { fixed: '1.2.3-1~deb7u1' }], '1.2.3-1', false],
  ['deb', [{ introduced: '0' }, { fixed: '1:1.0-1' }], '9.9-1', true],
  ['apk', [{ introduced: '0' }, { fixed: '1.2.3-r2' }], '1.2.3-r1', true],
  ['apk', [{ introduced: '0' }, { fixed: '1.2.3-r2' }], '1.2.3_p1-r0', false],
  ['apk', [{ introduced: '0' }, { fixed: '1.2.3_rc1-r0' }], '1.2.3-r0', false],
];

test('isAffected: OSV range semantics', () => {
  for (const [scheme, events, version, want] of table) {
    assert.equal(isAffected(scheme, version, events), want, `${scheme} ${version} in ${JSON.stringify(events)}`);
  }
});

test('isAffected: unknown scheme is a typed error', () => {
  assert.throws(() => isAffected('nope', '1', [{ introduced: '0' }]), { name: 'DrydockError', code: 'INVALID_INPUT' });
});

test('isInVersionList: equality under the scheme', () => {
  assert.equal(isInVersionList('semver', 'v1.2.3', ['1.0.0', '1.2.3']), true);
  assert.equal(isInVersionList('deb', '1.0-0', ['0:1.0']), true);
  assert.equal(isInVersionList('apk', '1.2-r1', ['1.2-r01']), true);
  assert.equal(isInVersionList('semver', '1.2.4', ['1.0.0', '1.2.3']), false);
  assert.equal(isInVersionList('semver', '1.2.4', []), false);
});
