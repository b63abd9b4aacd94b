import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { scoreVector, ratingFor } from './cvss.js';

function load(name: string): { vector: string; score: number }[] {
  const text = readFileSync(new URL(`../../test/fixtures/vulndb/cvss/${name}`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.startsWith('CVSS:'))
    .map((l) => {
      const [vector, score] = l.split(' ');
      return { vector, score: Number(score) };
    });
}

for (const [file, version, min] of [
  ['v31-first-examples.txt', '3.1', 20],
  ['v40-redhat-calculator.txt', '4.0', 20],
] as const) {
  test(`CVSS ${version} base scores match the official calculator (${file})`, () => {
    const rows = load(file);
    assert.ok(rows.length >= min);
    for (const { vector, score } of rows) {
      const r = scoreVector(vector);
      assert.ok(r, `unparsed ${vector}`);
      assert.equal(r.version, version);
      assert.equal(r.score, score, vector);
      assert.equal(r.rating, ratingFor(version, score));
    }
  });
}

test('CVSS v2 and v3.0 vectors, ratings and bad input', () => {
  assert.deepEqual(scoreVector('AV:N/AC:L/Au:N/C:C/I:C/A:C'), { version: '2.0', score: 10, rating: 'HIGH', vector: 'AV:N/AC:L/Au:N/C:C/I:C/A:C' });
  assert.equal(scoreVector('AV:N/AC:M/Au:N/C:P/I:N/A:N')?.score, 4.3);
  // CVE-2017-12617 as rated by GHSA
  assert.equal(scoreVector('CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H')?.score, 8.1);
  assert.equal(scoreVector('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H')?.score, undefined);
  assert.equal(scoreVector('not a vector'), undefined);
  assert.equal(ratingFor('3.1', 0), 'UNKNOWN');
  assert.equal(ratingFor('4.0', 9.0), 'CRITICAL');
  assert.equal(ratingFor('3.1', 6.9), 'MEDIUM');
});
