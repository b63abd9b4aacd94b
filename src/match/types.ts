import type { Package } from '../sbom/model.js';

export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'UNKNOWN';
export const SEVERITIES: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];

export interface Finding {
  /** primary id shown to users: CVE when one exists, else the advisory id */
  id: string;
  /** every other id of the same vulnerability (GHSA, DSA, ALPINE, GO …) */
  aliases: string[];
  package: Package;
  installedVersion: string;
  /** lowest version that fixes it in this package's stream; undefined = no fix yet */
  fixedVersion?: string;
  status: 'fixed' | 'affected' /* no fix available */;
  severity: Severity;
  cvss?: { score: number; vector: string; version: string };
  /** who rated the severity: e.g. 'debian', 'ghsa', 'nvd', 'alpine' */
  severitySource?: string;
  title?: string;
  description?: string;
  references: string[];
  /** advisory source id (e.g. 'osv:Debian', 'alpine-secdb') */
  dataSource: string;
  kev?: { dateAdded: string; dueDate?: string; knownRansomware?: boolean };
  epss?: { score: number; percentile: number };
  published?: string;
  /** set by policy/VEX when suppressed; kept visible in JSON */
  suppressed?: {
    by: 'policy' | 'vex';
    reason: string;
    /** VEX justification (OpenVEX vocabulary, e.g. vulnerable_code_not_in_execute_path) */
    justification?: string;
    /** the VEX document or policy file that said so */
    source?: string;
  };
  /** Dockerfile line that introduced the package, when known (SARIF locates results there) */
  attribution?: {
    file: string;
    line?: number;
    instruction?: string;
    /** 'base': the package came with the base image (line = its FROM); 'instruction': a Dockerfile instruction added it */
    kind?: 'base' | 'instruction';
    /** the base image, for kind 'base' */
    image?: string;
  };
}
