// The admission policy file: YAML validated by zod, errors as `file:line:col: path message` (like .drydock.yaml).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DrydockError } from '../errors.js';
import { SEVERITIES, type Severity } from '../match/types.js';
import { parseYamlConfig } from '../policy/yaml-config.js';
import { pssMinor } from '../misconfig/kubernetes/pss/index.js';
import { HARDENING_RULE_IDS } from './hardening.js';

export type AdmissionMode = 'enforce' | 'warn' | 'audit';
export type PssSetting = 'privileged' | 'baseline' | 'restricted';
export type OnTimeout = 'fail-open' | 'fail-closed';

export interface NamespacePolicy {
  mode?: AdmissionMode;
  pss?: PssSetting;
}

export interface VulnerabilityPolicy {
  /** deny findings at or above this severity; undefined = severity alone never denies */
  denySeverity?: Severity;
  denyKev: boolean;
  /** deny a CRITICAL finding that has a fixed version */
  denyFixableCritical: boolean;
  /** ms a scan result stays cached per digest */
  cacheTTL: number;
  /** ms a review may wait for scans before `onTimeout` applies */
  deadline: number;
  onTimeout: OnTimeout;
  /** vulnerability database (else --db / the default location) */
  db?: string;
  /** directory with a docker config.json holding pull credentials */
  dockerConfig?: string;
  insecureRegistries: string[];
}

export interface AdmissionPolicy {
  file: string;
  pss: PssSetting;
  pssVersion: string;
  mode: AdmissionMode;
  /** per-namespace overrides; keys may end in `*` */
  namespaces: Record<string, NamespacePolicy>;
  /** hardening rule ids (DD-K8S-…) that deny; the rest of `warn` only warn */
  hardeningDeny: string[];
  hardeningWarn: string[];
  trustedRegistries: string[];
  requireDigest: boolean;
  vulnerabilities?: VulnerabilityPolicy;
  exemptions: { namespaces: string[]; serviceAccounts: string[]; images: string[]; usernames: string[] };
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "8s", "1h", "500ms" or a number of seconds → ms. */
export function parseDuration(v: string | number): number | undefined {
  if (typeof v === 'number') return v >= 0 ? v * 1000 : undefined;
  const m = DURATION.exec(v.trim());
  return m ? Number(m[1]) * UNIT[m[2]] : undefined;
}

const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = parseDuration(v);
  if (ms === undefined) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must be a duration like 500ms, 8s, 5m or 1h' });
    return z.NEVER;
  }
  return ms;
});
const upper = (v: unknown) => (typeof v === 'string' ? v.toUpperCase() : v);
const mode = z.enum(['enforce', 'warn', 'audit']);
const pss = z.enum(['privileged', 'baseline', 'restricted']);
const ruleId = z.preprocess(upper, z.string().refine((id) => HARDENING_RULE_IDS.includes(id), { message: `must be one of ${HARDENING_RULE_IDS.join(', ')}` }));
const strings = z.array(z.string().min(1));

const schema = z
  .object({
    pss: pss.default('restricted'),
    pssVersion: z
      .union([z.string(), z.number()])
      .transform(String)
      .refine((v) => pssMinor(v) !== undefined, 'must be latest or v1.N')
      .default('latest'),
    mode: mode.default('enforce'),
    namespaces: z.record(z.union([mode.transform((m) => ({ mode: m })), z.object({ mode: mode.optional(), pss: pss.optional() }).strict()])).default({}),
    hardening: z.object({ deny: z.array(ruleId).default([]), warn: z.array(ruleId).optional() }).strict().default({}),
    trustedRegistries: strings.default([]),
    requireDigest: z.boolean().default(false),
    vulnerabilities: z
      .object({
        denySeverity: z.preprocess(upper, z.enum(SEVERITIES as [Severity, ...Severity[]])).optional(),
        denyKev: z.boolean().default(true),
        denyFixableCritical: z.boolean().default(true),
        cacheTTL: duration.default('1h'),
        deadline: duration.default('8s'),
        onTimeout: z.enum(['fail-open', 'fail-closed']).default('fail-open'),
        db: z.string().min(1).optional(),
        dockerConfig: z.string().min(1).optional(),
        insecureRegistries: strings.default([]),
      })
      .strict()
      .refine((v) => v.deadline > 0 && v.deadline <= 29_000, { message: 'deadline must be above 0 and below the API server webhook limit (30s)', path: ['deadline'] })
      .optional(),
    exemptions: z
      .object({ namespaces: strings.default([]), serviceAccounts: strings.default([]), images: strings.default([]), usernames: strings.default([]) })
      .strict()
      .default({}),
  })
  .strict();

/** Default warn list: every hardening rule not denied and not governed by its own setting. */
const DEFAULT_WARN = ['DD-K8S-001', 'DD-K8S-002', 'DD-K8S-003', 'DD-K8S-004', 'DD-K8S-007'];

export function parseAdmissionPolicy(text: string, file = 'policy.yaml'): AdmissionPolicy {
  const { data: p } = parseYamlConfig(text, file, schema, 'see the admission policy example in the README');
  const deny = [...new Set(p.hardening.deny)];
  const warn = (p.hardening.warn ?? DEFAULT_WARN).filter((id) => !deny.includes(id));
  return {
    file,
    pss: p.pss,
    pssVersion: p.pssVersion,
    mode: p.mode,
    namespaces: p.namespaces,
    hardeningDeny: deny,
    hardeningWarn: warn,
    trustedRegistries: p.trustedRegistries,
    requireDigest: p.requireDigest,
    vulnerabilities: p.vulnerabilities,
    exemptions: p.exemptions,
  };
}

export async function loadAdmissionPolicy(path: string): Promise<AdmissionPolicy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new DrydockError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'NOT_FOUND' : 'POLICY', `cannot read admission policy ${path}`, { cause: e });
  }
  return parseAdmissionPolicy(text, path);
}

/** Namespace override: exact name first, then the longest matching `prefix*`. */
export function namespacePolicy(policy: AdmissionPolicy, namespace: string): { mode: AdmissionMode; pss: PssSetting } {
  let hit = policy.namespaces[namespace];
  if (!hit) {
    let best = -1;
    for (const [k, v] of Object.entries(policy.namespaces)) {
      if (k.endsWith('*') && namespace.startsWith(k.slice(0, -1)) && k.length > best) {
        best = k.length;
        hit = v;
      }
    }
  }
  return { mode: hit?.mode ?? policy.mode, pss: hit?.pss ?? policy.pss };
}
