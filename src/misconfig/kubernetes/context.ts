// What the per-object Kubernetes rules read, and how a pod-relative path becomes a located hit.
import type { RuleHit } from '../rule.js';
import { formatFieldPath, parseFieldPath, resourceName, type K8sObject, type PathSeg } from './yaml-docs.js';
import { objectPath, podTemplateOf, type PodTemplate } from './workloads.js';

export interface K8sDoc {
  o: K8sObject;
  /** set for objects with a pod template */
  t?: PodTemplate;
  trustedRegistries: readonly string[];
  /** service accounts in the scanned documents that disable token automount, by namespace/name */
  saNoAutomount: Set<string>;
}

export function k8sDoc(o: K8sObject, trustedRegistries: readonly string[], saNoAutomount: Set<string>): K8sDoc {
  return { o, t: podTemplateOf(o), trustedRegistries, saNoAutomount };
}

/** A hit at a Pod-relative path (`spec.containers[0].image`) or an object path (segments). */
export function hitAt(doc: K8sDoc, path: string | PathSeg[], message: string, podRelative = true): RuleHit {
  const segs = typeof path === 'string' ? parseFieldPath(path) : path;
  const p = podRelative ? objectPath(doc.o, segs) : segs;
  return { message, line: doc.o.lineOf(p), field: formatFieldPath([...doc.o.base, ...p]), resource: resourceName(doc.o) };
}
