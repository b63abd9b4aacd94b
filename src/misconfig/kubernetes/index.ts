// Kubernetes checks over one or more multi-document YAML files: PSS, hardening, RBAC, NetworkPolicy coverage.
import type { MisconfigResult, RuleMeta } from '../types.js';
import type { Warning } from '../../errors.js';
import { runRules, type Rule } from '../rule.js';
import { applyInlineSuppressions } from '../suppress.js';
import { parseYamlDocs, resourceName, type K8sObject } from './yaml-docs.js';
import { pssResults, PSS_RULES } from './pss-rules.js';
import { k8sDoc, type K8sDoc } from './context.js';
import { hardeningRules } from './hardening.js';
import { rbacRules } from './rbac.js';
import { networkPolicyResults, NETPOL_RULES } from './netpol.js';
import type { PssLevel } from './pss/types.js';
import { appendAll } from '../../collections.js';

export const KUBERNETES_OBJECT_RULES: readonly Rule<K8sDoc>[] = [...hardeningRules, ...rbacRules];
export const KUBERNETES_RULES: readonly RuleMeta[] = [...PSS_RULES, ...KUBERNETES_OBJECT_RULES, ...NETPOL_RULES];

export interface KubernetesScanOptions {
  /** evaluate only the Pod Security Standards at this level */
  pss?: PssLevel;
  pssVersion?: string;
  trustedRegistries?: readonly string[];
}

export interface KubernetesScan {
  results: MisconfigResult[];
  warnings: Warning[];
  objects: K8sObject[];
  /** namespaces with a default-deny egress policy */
  egressDenied: Set<string>;
}

export function scanKubernetes(files: { file: string; text: string }[], options: KubernetesScanOptions = {}): KubernetesScan {
  const objects: K8sObject[] = [];
  const warnings: Warning[] = [];
  const texts = new Map<string, string>();
  for (const f of files) {
    const p = parseYamlDocs(f.text, f.file);
    appendAll(objects, p.objects);
    appendAll(warnings, p.warnings);
    texts.set(f.file, f.text);
  }
  let results: MisconfigResult[];
  let egressDenied = new Set<string>();
  if (options.pss) {
    results = pssResults(objects, options.pss, options.pssVersion);
  } else {
    results = pssResults(objects, 'restricted', options.pssVersion);
    const saNoAutomount = new Set(
      objects.filter((o) => o.kind === 'ServiceAccount' && o.obj.automountServiceAccountToken === false).map((o) => `${o.namespace ?? 'default'}/${o.name}`),
    );
    for (const o of objects) {
      const doc = k8sDoc(o, options.trustedRegistries ?? [], saNoAutomount);
      appendAll(results, runRules(KUBERNETES_OBJECT_RULES, doc, o.file, (rule, e) => warnings.push({ file: o.file, message: `rule ${rule.id} failed on ${o.kind}/${o.name}: ${String(e)}` })));
    }
    const np = networkPolicyResults(objects);
    appendAll(results, np.results);
    egressDenied = np.egressDenied;
  }
  const out: MisconfigResult[] = [];
  const starts = new Map(objects.map((o) => [`${o.file}\0${resourceName(o)}`, o.line]));
  const byFile = new Map<string, MisconfigResult[]>();
  for (const r of results) (byFile.get(r.file) ?? byFile.set(r.file, []).get(r.file)!).push(r);
  for (const [file, text] of texts)
    appendAll(out, applyInlineSuppressions(byFile.get(file) ?? [], text, file, (r) => (r.resource ? starts.get(`${file}\0${r.resource}`) : undefined)));
  return { results: out, warnings, objects, egressDenied };
}

/**
 * Whether text looks like Kubernetes YAML (some document has apiVersion and kind). Blanks, not \s, before the key:
 * with the m flag, ^\s* ran across every following newline from every line start, quadratic in a run of blank lines
 * (80 KB took 7 s; files up to 5 MiB are sniffed).
 */
export function looksLikeKubernetes(text: string): boolean {
  return /^[ \t]*apiVersion[ \t]*:/m.test(text) && /^[ \t]*kind[ \t]*:/m.test(text);
}
