// Inline suppressions: `# drydock:ignore=ID[,ID…] reason`. A suppression must say why; one that does not is itself reported.
import type { MisconfigResult, RuleMeta } from './types.js';
import { hitToResult } from './rule.js';

export const SUPPRESSION_WITHOUT_REASON: RuleMeta = {
  id: 'DD-GEN-001',
  title: 'Inline suppression without a reason',
  severity: 'LOW',
  description:
    'A `# drydock:ignore=ID` comment must give a reason after the rule id, so that reviewers can judge why a check is switched off. Suppressions without a reason are not applied.',
  remediation: 'Write the reason after the id: `# drydock:ignore=DD-DF-001 runs as root only during the build stage`.',
  references: [],
  target: 'general',
};

export interface InlineSuppression {
  /** line of the comment (1-based) */
  line: number;
  /** line the suppression applies to: its own line for trailing comments, else the next non-comment, non-blank line */
  appliesTo: number;
  ids: string[];
  reason: string;
}

// s: "." also matches a stray \r, where the reason would otherwise fail after backtracking the blanks (quadratic)
const MARK = /#\s*drydock:ignore=([A-Za-z0-9_,.-]+)(?:[ \t]+(.*))?$/s;

/** Finds suppression comments in any `#`-comment format (Dockerfile, YAML). */
export function parseSuppressions(text: string): { suppressions: InlineSuppression[]; missingReason: InlineSuppression[] } {
  const lines = text.split(/\r?\n/);
  const suppressions: InlineSuppression[] = [];
  const missingReason: InlineSuppression[] = [];
  // the line a comment block applies to: the next one that is neither blank nor a comment, found in one backward
  // pass (a forward scan from each comment was quadratic in a long block of suppression comments)
  const nextCode = new Int32Array(lines.length + 1);
  nextCode[lines.length] = lines.length;
  for (let j = lines.length - 1; j >= 0; j--) {
    const t = lines[j].trimStart();
    nextCode[j] = t === '' || t.startsWith('#') ? nextCode[j + 1] : j;
  }
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l.includes('drydock:ignore')) continue;
    const m = MARK.exec(l);
    if (!m) continue;
    const trailing = !l.trimStart().startsWith('#');
    let appliesTo = i + 1;
    if (!trailing) appliesTo = nextCode[i + 1] + 1;
    const s: InlineSuppression = {
      line: i + 1,
      appliesTo,
      ids: m[1].split(',').filter(Boolean),
      reason: (m[2] ?? '').trim(),
    };
    (s.reason ? suppressions : missingReason).push(s);
  }
  return { suppressions, missingReason };
}

/**
 * Marks results covered by a suppression (kept, flagged) and adds a result for each suppression lacking a reason.
 * `scopeLine` gives the first line of the enclosing resource (a Kubernetes object, a compose service), so that a
 * comment above the resource covers all of its results.
 */
export function applyInlineSuppressions(results: MisconfigResult[], text: string, file: string, scopeLine?: (r: MisconfigResult) => number | undefined): MisconfigResult[] {
  const { suppressions, missingReason } = parseSuppressions(text);
  for (const r of results) {
    if (r.line === undefined || r.suppressed) continue;
    const end = r.endLine ?? r.line;
    const scope = scopeLine?.(r);
    const s = suppressions.find((x) => x.ids.includes(r.rule.id) && ((x.appliesTo >= r.line! && x.appliesTo <= end) || x.appliesTo === scope));
    if (s) r.suppressed = { by: 'inline', reason: s.reason };
  }
  for (const s of missingReason) {
    results.push(
      hitToResult(SUPPRESSION_WITHOUT_REASON, { message: `drydock:ignore=${s.ids.join(',')} has no reason, so it is not applied`, line: s.line }, file),
    );
  }
  return results;
}
