import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSuppressions } from './suppress.js';
import { inTime } from '../../test/helpers/in-time.js';

test('suppression comments apply to the next line that is neither blank nor a comment, or to their own line when trailing', () => {
  const text = '# drydock:ignore=DD-DF-001 base pinned by the platform team\n\n# another comment\nFROM debian\nRUN x # drydock:ignore=DD-DF-002 needed\n# drydock:ignore=DD-DF-003\n';
  const { suppressions, missingReason } = parseSuppressions(text);
  assert.deepEqual(suppressions.map((s) => [s.line, s.appliesTo, s.ids, s.reason]), [
    [1, 4, ['DD-DF-001'], 'base pinned by the platform team'],
    [5, 5, ['DD-DF-002'], 'needed'],
  ]);
  assert.deepEqual(missingReason.map((s) => [s.line, s.appliesTo]), [[6, 8]], "no line follows: it applies past the end");
});

test('a long block of suppression comments, and blanks before a stray \\r, are read in linear time', { timeout: 20_000 }, inTime(10_000, () => {
  // each comment scanned the rest of the block, and the reason pattern backtracked over the blanks; the test times out
  // rather than measures
  const block = '# drydock:ignore=DD-DF-001 reason\n'.repeat(100_000);
  const { suppressions } = parseSuppressions(`${block}FROM debian\n# drydock:ignore=DD-DF-002${'\t'.repeat(400_000)}\rx\n`);
  assert.equal(suppressions.length, 100_001);
  assert.equal(suppressions[0].appliesTo, 100_001);
  assert.equal(suppressions[100_000].reason, 'x');
}));
