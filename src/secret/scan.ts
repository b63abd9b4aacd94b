// Secret scanning of file contents: which files to read, what matches, masking, and conversion to results.
import type { FileMeta } from '../image/layer/types.js';
import type { MisconfigResult, RuleMeta } from '../misconfig/types.js';
import { KNOWN_EXAMPLES, SECRET_RULES, shannonEntropy, type SecretRule } from './rules.js';

export interface SecretHit {
  ruleId: string;
  title: string;
  severity: SecretRule['severity'];
  /** 1-based */
  line: number;
  /** the secret with all but its first characters masked */
  masked: string;
}

export const SECRET_MAX_SIZE = 1024 * 1024;

// Public material and package documentation, not secrets: trivy and dockle allow-list the same places.
const SKIP_DIRS = /^\/(proc|sys|dev)\/|^\/usr\/share\/(doc|man|info|locale|i18n|zoneinfo|ca-certificates|mime|icons|fonts|perl5?|X11|terminfo|licenses|common-licenses)\/|^\/etc\/ssl\/certs\/|^\/etc\/pki\/(ca-trust|tls\/certs)\/|^\/usr\/lib\/(apk|dpkg)\/|^\/var\/lib\/(dpkg|apt|apk|rpm|yum|dnf)\/|^\/var\/cache\/|^\/etc\/ssh\/ssh_host_|^\/usr\/include\//;
// test suites shipped by language packages carry throw-away keys: a test directory anywhere below a package root.
// Two searches, not one pattern with (?:.*\/)? between them, which rescanned the path from every root (quadratic).
const PACKAGE_ROOT = /\/(?:node_modules|site-packages|dist-packages|vendor|gems|lib\/python[\d.]+|go\/pkg\/mod)\//;
const TEST_DIR = /\/(?:tests?|testdata|testing|__tests__|fixtures?|spec|examples?)\//;
function inPackageTests(path: string): boolean {
  const root = PACKAGE_ROOT.exec(path);
  return root !== null && TEST_DIR.test(path.slice(root.index + root[0].length - 1));
}
const BINARY_EXT = /\.(so(\.\d+)*|a|o|ko|png|jpe?g|gif|ico|bmp|webp|svgz|pdf|gz|tgz|bz2|xz|zst|zip|jar|war|ear|class|pyc|pyo|whl|mo|ttf|otf|woff2?|eot|wasm|db|sqlite|bin|exe|dll|dylib|node|mp3|mp4|deb|rpm|apk|iso|img)$/i;

/** Whether a file is worth reading for secrets (text-like, small, outside public/doc dirs). */
export function secretWants(meta: FileMeta): boolean {
  if (meta.kind !== 'file' || meta.size === 0 || meta.size > SECRET_MAX_SIZE) return false;
  if (isAllowedPath(meta.path) || BINARY_EXT.test(meta.path)) return false;
  return true;
}

export function isAllowedPath(path: string): boolean {
  return SKIP_DIRS.test(path) || inPackageTests(path);
}

export function maskSecret(s: string): string {
  if (s.startsWith('-----BEGIN')) return s.slice(0, s.indexOf('-----', 10) + 5) + ' ****';
  const keep = Math.min(4, Math.floor(s.length / 4));
  return s.slice(0, keep) + '*'.repeat(Math.min(s.length - keep, 24));
}

function looksBinary(content: Buffer): boolean {
  const n = Math.min(content.length, 8000);
  for (let i = 0; i < n; i++) if (content[i] === 0) return true;
  return false;
}

/** Line numbers of offsets, counted on from the last one asked (offsets of one rule only grow): no rescan per hit. */
class LineCounter {
  private at = 0;
  private line = 1;
  constructor(private readonly text: string) {}
  lineAt(index: number): number {
    if (index < this.at) {
      this.at = 0;
      this.line = 1;
    }
    for (let i = this.text.indexOf('\n', this.at); i >= 0 && i < index; i = this.text.indexOf('\n', i + 1)) {
      this.line++;
      this.at = i + 1;
    }
    return this.line;
  }
}

const GLOBAL = new Map<SecretRule, RegExp>();
function globalRegex(rule: SecretRule): RegExp {
  let re = GLOBAL.get(rule);
  if (!re) GLOBAL.set(rule, (re = new RegExp(rule.regex.source, rule.regex.flags.includes('g') ? rule.regex.flags : rule.regex.flags + 'g')));
  return re;
}

export function scanText(text: string): SecretHit[] {
  const lower = text.toLowerCase();
  const hits: SecretHit[] = [];
  for (const rule of SECRET_RULES) {
    if (!rule.keywords.some((k) => lower.includes(k))) continue;
    const lines = new LineCounter(text);
    const re = globalRegex(rule);
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      if (m[0].length === 0) re.lastIndex++;
      const secret = (rule.group ? m[rule.group] : m[0]) ?? m[0];
      if (KNOWN_EXAMPLES.has(secret) || rule.allow?.test(secret)) continue;
      if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) continue;
      const at = m.index + (rule.group ? Math.max(0, m[0].indexOf(secret)) : 0);
      hits.push({ ruleId: rule.id, title: rule.title, severity: rule.severity, line: lines.lineAt(at), masked: maskSecret(secret) });
    }
  }
  // A token also matched by the generic rule is reported once, by its specific rule.
  return hits.filter((h) => h.ruleId !== 'DD-SEC-016' || !hits.some((o) => o !== h && o.line === h.line && o.ruleId !== 'DD-SEC-016'));
}

export function scanSecrets(content: Buffer, path: string): SecretHit[] {
  if (isAllowedPath(path) || looksBinary(content)) return [];
  return scanText(content.toString('utf8'));
}

/** The title of a token found in a short value (ENV/ARG/env literal), if any. */
export function findSecretInText(value: string): string | undefined {
  return scanText(value)[0]?.title;
}

const SENSITIVE_NAME = /(passw(or)?d|passwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|auth[_-]?key)/i;
const BENIGN_NAME = /(_FILE|_PATH|_DIR|_URL|_URI|_HOST|_PORT|_USER(NAME)?|_NAME|_ID|_ENABLED|_LENGTH|_TTL|_TIMEOUT|_EXPIRY|_REF|_SECRET_NAME)$|^GPG_KEYS?$|PUBLIC/i;

export function secretNameLooksSensitive(name: string): boolean {
  return SENSITIVE_NAME.test(name) && !BENIGN_NAME.test(name);
}

export function secretRuleMeta(rule: SecretRule): RuleMeta {
  return {
    id: rule.id,
    title: `Secret: ${rule.title}`,
    severity: rule.severity,
    description: `A ${rule.title} was found in a file of the image. Anyone who can pull the image can read it, including from earlier layers even if a later layer deletes the file.`,
    remediation: 'Revoke and rotate the credential, remove it from the build context, and provide it at run time (orchestrator secrets) or at build time with `RUN --mount=type=secret`.',
    references: ['https://docs.docker.com/build/building/secrets/', 'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html'],
    target: 'secret',
  };
}

export function allSecretRules(): RuleMeta[] {
  return SECRET_RULES.map(secretRuleMeta);
}

/** Turns hits in one file into results, naming the layer the file comes from. */
export function secretsToResults(hits: SecretHit[], path: string, layer?: { index: number; diffId?: string }): MisconfigResult[] {
  const byId = new Map(SECRET_RULES.map((r) => [r.id, r]));
  return hits.map((h) => ({
    rule: secretRuleMeta(byId.get(h.ruleId)!),
    message: `${h.title} ${h.masked}${layer ? ` (layer ${layer.index}${layer.diffId ? ` ${layer.diffId.slice(0, 19)}` : ''})` : ''}`,
    file: path,
    line: h.line,
    resource: layer ? (layer.diffId ?? `layer ${layer.index}`) : undefined,
  }));
}
