// Secret patterns (after gitleaks/trivy): a keyword prefilter, a regex, optional entropy floor, and allow-lists.
import type { Severity } from '../match/types.js';

export interface SecretRule {
  id: string;
  title: string;
  severity: Severity;
  /** cheap substring prefilter (lower-case); the regex runs only when one occurs */
  keywords: string[];
  regex: RegExp;
  /** capture group holding the secret (default 0) */
  group?: number;
  /** minimum Shannon entropy (bits/char) of the secret */
  minEntropy?: number;
  /** values of this rule that are known examples/placeholders */
  allow?: RegExp;
}

export const SECRET_RULES: SecretRule[] = [
  {
    id: 'DD-SEC-001',
    title: 'private key',
    severity: 'HIGH',
    keywords: ['private key'],
    // the body must follow, so that documentation naming the header is not a finding
    // header lines bounded: unbounded, each BEGIN scanned to the end of a file without newlines (quadratic)
    regex: /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----\s{0,16}(?:[A-Za-z0-9-]{1,64}:[^\n]{0,1024}\n\s{0,16}){0,16}[A-Za-z0-9+/=\s]{64,}/,
  },
  { id: 'DD-SEC-002', title: 'AWS access key ID', severity: 'CRITICAL', keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'], regex: /\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/, group: 1, allow: /EXAMPLE$/ },
  {
    id: 'DD-SEC-003',
    title: 'AWS secret access key',
    severity: 'CRITICAL',
    keywords: ['aws'],
    regex: /aws_?(?:secret)?_?(?:access)?_?(?:secret)?_?key["']?\s*(?:[:=]|=>)\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/i,
    group: 1,
    minEntropy: 3.5,
    allow: /EXAMPLEKEY$/,
  },
  {
    id: 'DD-SEC-004',
    title: 'GCP service account key',
    severity: 'CRITICAL',
    keywords: ['service_account'],
    regex: /"type"\s*:\s*"service_account"[\s\S]{0,2000}?"private_key_id"\s*:\s*"([a-f0-9]{40})"|"private_key_id"\s*:\s*"([a-f0-9]{40})"[\s\S]{0,2000}?"type"\s*:\s*"service_account"/,
  },
  { id: 'DD-SEC-005', title: 'Google API key', severity: 'HIGH', keywords: ['aiza'], regex: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/, group: 1 },
  { id: 'DD-SEC-006', title: 'Azure storage account key', severity: 'CRITICAL', keywords: ['accountkey'], regex: /AccountKey=([A-Za-z0-9+/]{86}==)/, group: 1 },
  { id: 'DD-SEC-007', title: 'Azure AD client secret', severity: 'CRITICAL', keywords: ['q~'], regex: /(?:^|[\\'"\x60\s>=:(,)])([A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?:$|[\\'"\x60\s<),])/, group: 1, minEntropy: 3.0 },
  { id: 'DD-SEC-008', title: 'GitHub token', severity: 'CRITICAL', keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'], regex: /\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})\b/, group: 1 },
  { id: 'DD-SEC-009', title: 'GitLab personal access token', severity: 'CRITICAL', keywords: ['glpat-'], regex: /\b(glpat-[A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])/, group: 1 },
  { id: 'DD-SEC-010', title: 'Slack token', severity: 'HIGH', keywords: ['xox'], regex: /\b(xox[baprs]-[0-9]{8,}-[0-9A-Za-z-]{8,})\b/, group: 1 },
  { id: 'DD-SEC-011', title: 'Slack webhook URL', severity: 'MEDIUM', keywords: ['hooks.slack.com'], regex: /(https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{8,}\/B[A-Z0-9]{8,}\/[A-Za-z0-9]{20,})/, group: 1 },
  { id: 'DD-SEC-012', title: 'Stripe secret key', severity: 'CRITICAL', keywords: ['sk_live_', 'rk_live_'], regex: /\b((?:sk|rk)_live_[0-9A-Za-z]{24,99})\b/, group: 1 },
  { id: 'DD-SEC-013', title: 'npm access token', severity: 'CRITICAL', keywords: ['npm_'], regex: /\b(npm_[A-Za-z0-9]{36})\b/, group: 1, minEntropy: 3.0 },
  { id: 'DD-SEC-014', title: 'PyPI upload token', severity: 'CRITICAL', keywords: ['pypi-ageichlwas5vcmc'], regex: /\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})/, group: 1 },
  {
    id: 'DD-SEC-015',
    title: 'JSON Web Token',
    severity: 'MEDIUM',
    keywords: ['eyj'],
    // starts only where a token can start (not after a token character, which \b allowed after "-"): each start
    // scans the rest of its token, so starts inside one long token made the search quadratic
    regex: /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/,
    group: 1,
  },
  {
    id: 'DD-SEC-016',
    title: 'generic secret assignment',
    severity: 'MEDIUM',
    keywords: ['pass', 'secret', 'token', 'api_key', 'apikey', 'api-key', 'access_key', 'private_key', 'client_secret'],
    // KEY = "value" / KEY: value / KEY=value with a keyword in the name and a long, random-looking value
    // the name starts where a name can start and is bounded (as in gitleaks' generic rule): `\b[A-Za-z0-9_.-]*` started
    // inside every long run of name characters and scanned it to its end, quadratic in a minified file
    regex: /(?<![A-Za-z0-9_.-])[A-Za-z0-9_.-]{0,64}(?:passw(?:or)?d|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?key)[A-Za-z0-9_.-]{0,64}["']?\s{0,16}(?:[:=]|:=|=>)\s{0,16}["']?([A-Za-z0-9/+_~.=@!%^*#$&-]{16,128})(?=["'\s;,]|$)/im,
    group: 1,
    minEntropy: 4.0,
    allow: /^(?:\$|<|\{\{|x{6,}|\*{6,})|example|changeme|placeholder|your[_-]|dummy|sample|redacted|^[a-z_.]+$|^[A-Z_]+$|^[a-f0-9]{40}$|^[a-f0-9]{64}$/i,
  },
];

export function shannonEntropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Keys and tokens published in vendor documentation as examples. */
export const KNOWN_EXAMPLES = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'AKIAI44QH8DHBEXAMPLE',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
]);
