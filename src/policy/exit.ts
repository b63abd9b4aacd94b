// Which findings count, and the exit code they produce. Suppressed results never count.
import { EXIT } from '../cli/io.js';
import { DrydockError } from '../errors.js';
import { SEVERITIES, type Finding, type Severity } from '../match/types.js';
import type { MisconfigResult } from '../misconfig/types.js';
import type { ScanReport } from '../report/types.js';
import type { FailOn, Policy, PolicyFlags } from './types.js';

/** PolicyFlags, with --fail-on also accepted as the raw comma list from the command line. */
export type ExitFlags = Omit<PolicyFlags, 'failOn'> & { failOn?: FailOn[] | string };

export function parseFailOn(v: FailOn[] | string | undefined): FailOn[] | undefined {
  if (v === undefined) return undefined;
  const items = (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean);
  return items.map((s) => {
    const norm = s.toLowerCase() === 'kev' ? 'kev' : s.toUpperCase();
    if (norm !== 'kev' && !SEVERITIES.includes(norm as Severity)) {
      throw new DrydockError('USAGE', `unknown --fail-on value "${s}"`, { hint: 'use some of critical,high,medium,low,unknown,kev' });
    }
    return norm as FailOn;
  });
}

function shownFinding(f: Finding, flags: ExitFlags): boolean {
  if (flags.severity && !flags.severity.includes(f.severity)) return false;
  if (flags.ignoreUnfixed && !f.fixedVersion) return false;
  return true;
}

function shownMisconfig(m: MisconfigResult, flags: ExitFlags): boolean {
  return !flags.severity || flags.severity.includes(m.rule.severity);
}

/** The report as displayed: severity and --ignore-unfixed filters; suppressed results stay (JSON shows them). */
export function filterForDisplay(report: ScanReport, flags: ExitFlags): ScanReport {
  return {
    ...report,
    findings: report.findings.filter((f) => shownFinding(f, flags)),
    misconfigurations: report.misconfigurations.filter((m) => shownMisconfig(m, flags)),
  };
}

/**
 * 0 when nothing fails the policy. Otherwise `exitCode` (default 1 = EXIT.FINDINGS) — but only when the
 * user asked to fail, via --exit-code or --fail-on: plain scans report and exit 0.
 */
export function evaluateExit(report: ScanReport, flags: ExitFlags): number {
  const wantsFailure = flags.exitCode !== undefined || flags.failOn !== undefined;
  if (!wantsFailure) return EXIT.OK;
  const code = flags.exitCode ?? EXIT.FINDINGS;
  if (code === 0) return EXIT.OK;
  const failOn = parseFailOn(flags.failOn);
  const failsSeverity = (s: Severity) => !failOn || failOn.includes(s);
  const findingFails = (f: Finding) => failsSeverity(f.severity) || Boolean(failOn?.includes('kev') && f.kev);
  const hit =
    report.findings.some((f) => !f.suppressed && shownFinding(f, flags) && findingFails(f)) ||
    report.misconfigurations.some((m) => !m.suppressed && shownMisconfig(m, flags) && failsSeverity(m.rule.severity));
  return hit ? code : EXIT.OK;
}

/** Policy-file defaults under CLI flags (a flag given on the command line wins). */
export function mergeFlags(policy: Policy | undefined, cli: PolicyFlags): PolicyFlags {
  const pick = <K extends keyof PolicyFlags>(k: K): PolicyFlags[K] => (cli[k] !== undefined ? cli[k] : policy?.[k]);
  const out: PolicyFlags = {};
  for (const k of ['severity', 'exitCode', 'ignoreUnfixed', 'failOn'] as const) {
    const v = pick(k);
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/**
 * The CLI's flags with the policy file's defaults filled in where a flag was not given
 * (severity and fail-on as lists, exit-code as a number: the CLI parsers accept both forms).
 */
export function mergePolicyFlags<T extends { severity?: unknown; exitCode?: unknown; ignoreUnfixed?: boolean; failOn?: unknown }>(
  cli: T,
  policy: Policy | undefined,
): Omit<T, 'severity' | 'exitCode' | 'failOn'> & { severity?: T['severity'] | Severity[]; exitCode?: T['exitCode'] | number; failOn?: T['failOn'] | FailOn[] } {
  if (!policy) return cli;
  return {
    ...cli,
    severity: cli.severity ?? policy.severity,
    exitCode: cli.exitCode ?? policy.exitCode,
    ignoreUnfixed: cli.ignoreUnfixed ?? policy.ignoreUnfixed,
    failOn: cli.failOn ?? policy.failOn,
  };
}
