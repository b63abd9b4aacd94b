// JUnit XML for CI test dashboards: a suite per target, a failing test case per finding; suppressed ones are skipped.
import type { Reporter, ScanReport } from '../types.js';
import { groupByTarget, packageLabel, severityRank } from '../summary.js';

export function xmlEscape(s: string): string {
  // XML 1.0 cannot carry most control characters at all, even escaped
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

interface Case { name: string; classname: string; failure?: { message: string; type: string; body: string }; skipped?: string }

function suite(name: string, cases: Case[]): string {
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const body = cases
    .map((c) => {
      const open = `    <testcase name="${xmlEscape(c.name)}" classname="${xmlEscape(c.classname)}"`;
      if (c.failure) {
        return `${open}>\n      <failure message="${xmlEscape(c.failure.message)}" type="${c.failure.type}">${xmlEscape(c.failure.body)}</failure>\n    </testcase>`;
      }
      if (c.skipped !== undefined) return `${open}>\n      <skipped message="${xmlEscape(c.skipped)}"/>\n    </testcase>`;
      return `${open}/>`;
    })
    .join('\n');
  return `  <testsuite name="${xmlEscape(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}">\n${body}\n  </testsuite>`;
}

export function renderJunit(report: ScanReport): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const g of groupByTarget(report, report.findings)) {
    const cases: Case[] = g.findings.map((f) => ({
      name: `[${f.severity}] ${f.id} ${packageLabel(f.package)} ${f.installedVersion}`,
      classname: g.target.name,
      ...(f.suppressed
        ? { skipped: `suppressed by ${f.suppressed.by}: ${f.suppressed.reason}` }
        : {
            failure: {
              message: `${f.id}: ${f.title ?? 'vulnerability'}`,
              type: f.severity,
              body: `Package: ${packageLabel(f.package)}\nInstalled: ${f.installedVersion}\nFixed in: ${f.fixedVersion ?? 'no fix yet'}${f.kev ? '\nKnown exploited (CISA KEV)' : ''}\n${f.references.join('\n')}`,
            },
          }),
    }));
    if (cases.length === 0) cases.push({ name: `no vulnerabilities in ${g.target.packages.length} packages`, classname: g.target.name });
    tests += cases.length;
    failures += cases.filter((c) => c.failure).length;
    suites.push(suite(g.target.name, cases));
  }
  if (report.misconfigurations.length > 0) {
    const cases: Case[] = [...report.misconfigurations]
      .sort((a, b) => severityRank(a.rule.severity) - severityRank(b.rule.severity))
      .map((m) => ({
        name: `[${m.rule.severity}] ${m.rule.id} ${m.file}${m.line ? ':' + m.line : ''}`,
        classname: 'misconfigurations',
        ...(m.suppressed
          ? { skipped: `suppressed by ${m.suppressed.by}: ${m.suppressed.reason}` }
          : { failure: { message: m.message, type: m.rule.severity, body: `${m.rule.title}\n${m.rule.remediation}` } }),
      }));
    tests += cases.length;
    failures += cases.filter((c) => c.failure).length;
    suites.push(suite('misconfigurations', cases));
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="drydock ${xmlEscape(report.artifact.name)}" tests="${tests}" failures="${failures}" errors="0">\n${suites.join('\n')}\n</testsuites>\n`;
}

export const junitReporter: Reporter = { format: 'junit', contentType: 'application/xml', render: renderJunit };
