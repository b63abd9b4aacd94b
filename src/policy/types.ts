import type { Severity } from '../match/types.js';

export type FailOn = Severity | 'kev';

/** The flags a policy decides; CLI flags override the policy file's defaults. */
export interface PolicyFlags {
  /** severities shown and counted */
  severity?: Severity[];
  /** exit code when findings match; 0 means never fail */
  exitCode?: number;
  /** drop findings without a fix */
  ignoreUnfixed?: boolean;
  /** severities (or `kev`) that fail the run; default: everything shown */
  failOn?: FailOn[];
}

export interface IgnoreRule {
  /** vulnerability id or any alias (CVE, GHSA, DSA …) or a misconfiguration rule id */
  id?: string;
  /** purl pattern; `*` matches anything; without `@` any version matches */
  package?: string;
  /** path glob: `**` any depth, `*` one segment */
  path?: string;
  reason: string;
  /** YYYY-MM-DD; the rule applies through that day (UTC) */
  expires?: string;
  /** where the rule sits, for messages */
  source?: string;
}

export interface Policy extends PolicyFlags {
  /** the file it came from */
  file: string;
  ignore: IgnoreRule[];
}
