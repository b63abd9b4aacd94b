import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePss } from './evaluate.js';
import { PSS_CASES, compliantPod } from './cases.test-data.js';

for (const c of PSS_CASES) {
  test(`PSS ${c.name}${c.version ? ` @${c.version}` : ''}`, () => {
    const pod = compliantPod();
    c.mutate(pod);
    for (const level of ['baseline', 'restricted'] as const) {
      const v = evaluatePss(pod.spec, pod.metadata, level, c.version);
      assert.equal(v.length === 0 ? 'pass' : 'fail', c[level], `${level}: ${JSON.stringify(v)}`);
      if (c[level] === 'fail' && c.control) assert.ok(v.some((x) => x.control === c.control), `${level} names control ${c.control}: ${JSON.stringify(v)}`);
      if (c[level] === 'fail' && c.field) assert.ok(v.some((x) => x.fieldPath === c.field), `${level} names ${c.field}: ${JSON.stringify(v.map((x) => x.fieldPath))}`);
    }
  });
}

test('evaluatePss is pure and lenient on junk input', () => {
  const pod = compliantPod();
  const before = JSON.stringify(pod);
  evaluatePss(pod.spec, pod.metadata, 'restricted');
  assert.equal(JSON.stringify(pod), before);
  assert.deepEqual(evaluatePss({ containers: null, volumes: [null as never] }, {}, 'restricted'), []);
  assert.throws(() => evaluatePss({}, {}, 'baseline', 'v2'), /invalid Pod Security Standards version/);
});

test('violations carry the level that introduces the control', () => {
  const pod = compliantPod();
  pod.spec.hostNetwork = true;
  pod.spec.containers![0].securityContext!.allowPrivilegeEscalation = true;
  const v = evaluatePss(pod.spec, pod.metadata, 'restricted');
  assert.deepEqual(v.map((x) => [x.control, x.level]).sort(), [['Host Namespaces', 'baseline'], ['Privilege Escalation', 'restricted']]);
});
