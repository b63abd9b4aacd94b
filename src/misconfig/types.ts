import type { Severity } from '../match/types.js';

export interface RuleMeta {
  /** stable id, e.g. DD-DF-001 */
  id: string;
  title: string;
  severity: Severity;
  description: string;
  remediation: string;
  references: string[];
  /** dockerfile | image | kubernetes | compose | secret */
  target: string;
}

export interface MisconfigResult {
  rule: RuleMeta;
  message: string;
  file: string;
  line?: number;
  endLine?: number;
  /** e.g. spec.containers[0].securityContext.privileged */
  field?: string;
  /** k8s resource or image layer this is about */
  resource?: string;
  suppressed?: { by: 'inline' | 'policy'; reason: string };
}
