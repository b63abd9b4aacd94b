// The fast AdmissionReview check must accept exactly what AdmissionReviewSchema accepts, and return the same data.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdmissionReviewSchema, fastAdmissionReview } from './review.js';
import { PSS_FIXTURES, deployment, restrictedPod, reviewFor } from './test-fixtures.js';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const odd: unknown[] = [undefined, null, '', 'x', 0, 1, true, false, [], ['a'], [1], {}, { kind: 'Pod' }, { resource: 'pods' }];

function variants(): unknown[] {
  const base = reviewFor(deployment(restrictedPod().spec)) as Record<string, unknown>;
  const out: unknown[] = [null, [], 'x', clone(base), reviewFor(PSS_FIXTURES.privileged)];
  const set = (path: string[], v: unknown) => {
    const b = clone(base);
    let o = b as Record<string, unknown>;
    for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>;
    if (v === undefined) delete o[path.at(-1)!];
    else o[path.at(-1)!] = v;
    out.push(b);
  };
  const paths = [
    ['apiVersion'], ['kind'], ['request'], ['request', 'uid'], ['request', 'kind'], ['request', 'kind', 'kind'], ['request', 'kind', 'group'],
    ['request', 'kind', 'version'], ['request', 'resource'], ['request', 'resource', 'resource'], ['request', 'resource', 'group'],
    ['request', 'subResource'], ['request', 'name'], ['request', 'namespace'], ['request', 'operation'], ['request', 'userInfo'],
    ['request', 'userInfo', 'username'], ['request', 'userInfo', 'groups'], ['request', 'object'], ['request', 'oldObject'], ['request', 'dryRun'],
  ];
  for (const p of paths) for (const v of [...odd, 'CREATE', 'DELETE', 'admission.k8s.io/v1', 'AdmissionReview', ['a', 2]]) set(p, v);
  return out;
}

describe('fastAdmissionReview', () => {
  it('agrees with AdmissionReviewSchema on valid and mutated reviews', () => {
    let accepted = 0;
    for (const v of variants()) {
      const slow = AdmissionReviewSchema.safeParse(clone(v));
      const fast = fastAdmissionReview(clone(v));
      assert.equal(fast !== undefined, slow.success, JSON.stringify(v)?.slice(0, 300));
      if (fast && slow.success) {
        accepted++;
        assert.deepEqual(JSON.parse(JSON.stringify(fast)), JSON.parse(JSON.stringify(slow.data)));
      }
    }
    assert.ok(accepted > 20);
  });
});
