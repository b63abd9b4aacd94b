import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Environment } from '@marcbachmann/cel-js';
import { buildVap, VAP_VARIABLES, vapValidations } from './vap.js';
import { decide } from './decide.js';
import { parseAdmissionPolicy, type AdmissionPolicy } from './policy.js';
import { PSS_FIXTURES, cronJob, deployment, reviewFor } from './test-fixtures.js';
import type { AdmissionRequest } from './review.js';
import { PSS_CASES, compliantPod } from '../misconfig/kubernetes/pss/cases.test-data.js';

const env = new Environment({ enableOptionalTypes: true, unlistedVariablesAreDyn: true });

/** Evaluates the policy like the API server: variables in order, then every validation; returns the failing rules. */
function celDenies(policy: AdmissionPolicy, object: Record<string, any>): string[] {
  const variables: Record<string, unknown> = {};
  for (const v of VAP_VARIABLES) variables[v.name] = env.evaluate(v.expression, { object, variables });
  const failed: string[] = [];
  for (const v of vapValidations(policy)) {
    const ok = env.evaluate(v.expression, { object, variables });
    assert.equal(typeof ok, 'boolean', `${v.rule} must evaluate to a bool`);
    if (!ok) failed.push(v.rule);
  }
  return [...new Set(failed)].sort();
}

const webhookDenies = (policy: AdmissionPolicy, object: Record<string, any>) =>
  [...new Set(decide(policy, reviewFor(object).request as AdmissionRequest).deny.map((v) => v.rule))].sort();

/** the evaluator's fixture pods judged at the latest version (the VAP encodes only that one), by case name */
const CASE_PODS: Record<string, Record<string, any>> = Object.fromEntries(
  PSS_CASES.filter((c) => !c.version).map((c) => {
    const pod = compliantPod();
    c.mutate(pod);
    (pod.metadata as Record<string, unknown>).namespace = 'apps';
    return [c.name, pod];
  }),
);

const POLICIES: Record<string, string> = {
  restricted: 'pss: restricted\ntrustedRegistries: [registry.example.com]\nhardening: {deny: [DD-K8S-001, DD-K8S-002, DD-K8S-003]}\n',
  baseline: 'pss: baseline\nrequireDigest: false\n',
};

describe('generated ValidatingAdmissionPolicy (CEL) agrees with the webhook', () => {
  for (const [level, text] of Object.entries(POLICIES)) {
    const policy = parseAdmissionPolicy(text);
    for (const [name, pod] of Object.entries(PSS_FIXTURES)) {
      it(`${level}: ${name} (Pod, Deployment, CronJob)`, () => {
        const want = webhookDenies(policy, pod);
        assert.deepEqual(celDenies(policy, pod), want, 'Pod');
        assert.deepEqual(celDenies(policy, deployment(pod.spec)), webhookDenies(policy, deployment(pod.spec)), 'Deployment');
        assert.deepEqual(celDenies(policy, cronJob(pod.spec)), webhookDenies(policy, cronJob(pod.spec)), 'CronJob');
      });
    }
  }

  for (const [level, text] of Object.entries(POLICIES)) {
    const policy = parseAdmissionPolicy(text);
    it(`${level}: the evaluator's ${Object.keys(CASE_PODS).length} fixture pods (Pod, Deployment)`, () => {
      for (const [name, pod] of Object.entries(CASE_PODS)) {
        assert.deepEqual(celDenies(policy, pod), webhookDenies(policy, pod), `${name} (Pod)`);
        assert.deepEqual(celDenies(policy, deployment(pod.spec)), webhookDenies(policy, deployment(pod.spec)), `${name} (Deployment)`);
      }
    });
  }

  it('the fixtures exercise both outcomes of every validation', () => {
    const policy = parseAdmissionPolicy(POLICIES.restricted);
    const seen = new Set([...Object.values(PSS_FIXTURES), ...Object.values(CASE_PODS)].flatMap((p) => celDenies(policy, p)));
    const untested = vapValidations(policy).filter((v) => !seen.has(v.rule)).map((v) => v.rule);
    assert.deepEqual(untested, [], 'every restricted validation denies at least one fixture');
    assert.deepEqual(celDenies(policy, PSS_FIXTURES.restricted), [], 'and the compliant pod passes all');
  });

  it('is a well-formed policy with bindings per mode', () => {
    const policy = parseAdmissionPolicy('pss: restricted\nmode: enforce\nnamespaces: {dev: warn, legacy: audit}\nexemptions: {namespaces: [monitoring]}\n');
    const [vap, main, ...rest] = buildVap(policy, { ownNamespace: 'drydock-system' });
    assert.equal(vap.apiVersion, 'admissionregistration.k8s.io/v1');
    assert.equal(vap.kind, 'ValidatingAdmissionPolicy');
    assert.equal(vap.spec.failurePolicy, 'Fail');
    assert.ok(vap.spec.validations.length >= 15);
    for (const v of vap.spec.validations) {
      assert.equal(typeof v.expression, 'string');
      assert.match(v.message, /^\[DD-/);
      env.parse(v.expression); // syntax
    }
    assert.deepEqual(vap.spec.matchConstraints.resourceRules.flatMap((r: { resources: string[] }) => r.resources).sort(), [
      'cronjobs', 'daemonsets', 'deployments', 'jobs', 'pods', 'pods/ephemeralcontainers', 'replicasets', 'replicationcontrollers', 'statefulsets',
    ]);
    assert.equal(main.kind, 'ValidatingAdmissionPolicyBinding');
    assert.equal(main.spec.policyName, vap.metadata.name);
    assert.deepEqual(main.spec.validationActions, ['Deny']);
    assert.deepEqual(main.spec.matchResources.namespaceSelector.matchExpressions[0].values, ['drydock-system', 'kube-system', 'monitoring', 'dev', 'legacy']);
    assert.deepEqual(rest.map((b) => [b.metadata.name, b.spec.validationActions, b.spec.matchResources.namespaceSelector.matchExpressions[0].values]), [
      ['drydock-restricted-dev', ['Warn'], ['dev']],
      ['drydock-restricted-legacy', ['Audit'], ['legacy']],
    ]);
  });
});
