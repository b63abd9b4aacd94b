// docker-compose checks: privileged services, root users, writable roots, capabilities, host namespaces, docker socket.
import type { MisconfigResult } from '../types.js';
import type { Warning } from '../../errors.js';
import { runRules, type Rule, type RuleHit } from '../rule.js';
import { applyInlineSuppressions } from '../suppress.js';
import { parseYamlDocs, formatFieldPath, type PathSeg } from '../kubernetes/yaml-docs.js';
import { findSecretInText, secretNameLooksSensitive } from '../../secret/index.js';
import { REF } from '../references.js';
import type { Document } from 'yaml';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { appendAll } from '../../collections.js';

export interface ComposeService {
  name: string;
  svc: Record<string, any>;
  /** line of a path under services.<name> (nearest existing) */
  lineOf(path: PathSeg[]): number;
}

export interface ComposeDoc {
  services: ComposeService[];
}

const T = 'compose';
const refs = [REF.composeSpec, REF.cisDocker, REF.owaspDocker];

function hit(s: ComposeService, path: PathSeg[], message: string): RuleHit {
  return { message, line: s.lineOf(path), field: formatFieldPath(['services', s.name, ...path]), resource: `service/${s.name}` };
}

function rule(id: string, title: string, severity: Rule<ComposeDoc>['severity'], description: string, remediation: string, each: (s: ComposeService) => RuleHit[]): Rule<ComposeDoc> {
  return { id, title, severity, target: T, description, remediation, references: refs, check: (d) => d.services.flatMap(each) };
}

const DANGEROUS_CAPS = new Set(['ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'DAC_READ_SEARCH', 'SYS_RAWIO', 'BPF', 'PERFMON', 'SYS_BOOT', 'MAC_ADMIN', 'MAC_OVERRIDE', 'NET_RAW']);
const volumeSource = (v: unknown) => (typeof v === 'string' ? v.split(':')[0] : v && typeof v === 'object' ? String((v as { source?: string }).source ?? '') : '');

export const COMPOSE_RULES: Rule<ComposeDoc>[] = [
  rule('DD-DC-001', 'Service runs privileged', 'CRITICAL', 'privileged: true gives the container all capabilities and access to host devices: root in it is root on the host.', 'Remove `privileged: true`; add only the specific capabilities needed.', (s) =>
    s.svc.privileged === true ? [hit(s, ['privileged'], `service ${s.name} is privileged`)] : [],
  ),
  rule('DD-DC-002', 'Service runs as root', 'MEDIUM', 'Without `user:` the service runs as the image\'s user, usually root; `user: root`/`0` says so explicitly.', 'Set `user: "10001:10001"` (or a named non-root user).', (s) => {
    const u = s.svc.user;
    if (u == null) return [hit(s, [], `service ${s.name} sets no user (runs as the image's user, often root)`)];
    const name = String(u).split(':')[0];
    return name === 'root' || name === '0' ? [hit(s, ['user'], `service ${s.name} runs as ${u}`)] : [];
  }),
  rule('DD-DC-003', 'Root filesystem is writable', 'LOW', 'A writable root filesystem lets an attacker modify the container.', 'Set `read_only: true` and use tmpfs/volumes for writable paths.', (s) =>
    s.svc.read_only === true ? [] : [hit(s, s.svc.read_only === undefined ? [] : ['read_only'], `service ${s.name} does not set read_only: true`)],
  ),
  rule('DD-DC-004', 'Dangerous capability added', 'HIGH', 'Capabilities like SYS_ADMIN, NET_ADMIN or ALL break container isolation.', 'Remove the capability from `cap_add`; drop all with `cap_drop: [ALL]` and add back only what is needed.', (s) =>
    (Array.isArray(s.svc.cap_add) ? s.svc.cap_add : []).flatMap((c: unknown, i: number) => {
      const cap = String(c).toUpperCase().replace(/^CAP_/, '');
      return DANGEROUS_CAPS.has(cap) ? [hit(s, ['cap_add', i], `service ${s.name} adds capability ${cap}`)] : [];
    }),
  ),
  rule('DD-DC-005', 'Host namespace shared', 'HIGH', 'network_mode: host, pid: host or ipc: host share the host\'s namespace with the container.', 'Remove the host namespace setting and publish ports instead.', (s) =>
    [
      ['network_mode', 'host'],
      ['pid', 'host'],
      ['ipc', 'host'],
      ['userns_mode', 'host'],
    ]
      .filter(([k, v]) => s.svc[k] === v)
      .map(([k]) => hit(s, [k], `service ${s.name} uses ${k}: host`)),
  ),
  rule('DD-DC-006', 'Docker socket mounted', 'CRITICAL', 'Access to the Docker socket is root on the host: the container can start privileged containers.', 'Do not mount /var/run/docker.sock; use a narrowly scoped API proxy if the service must talk to Docker.', (s) =>
    (Array.isArray(s.svc.volumes) ? s.svc.volumes : []).flatMap((v: unknown, i: number) => {
      const src = volumeSource(v);
      return /(^|\/)(docker|containerd|crio|podman)\.sock$|^\/var\/run\/docker|^\/run\/containerd/.test(src) ? [hit(s, ['volumes', i], `service ${s.name} mounts ${src}`)] : [];
    }),
  ),
  rule('DD-DC-007', 'Security profile disabled', 'HIGH', 'seccomp:unconfined, apparmor:unconfined or label:disable turn off kernel-level confinement.', 'Remove the `security_opt` entry.', (s) =>
    (Array.isArray(s.svc.security_opt) ? s.svc.security_opt : []).flatMap((o: unknown, i: number) =>
      /^(seccomp|apparmor)[:=]unconfined$|^label[:=]disable$/.test(String(o)) ? [hit(s, ['security_opt', i], `service ${s.name} sets ${o}`)] : [],
    ),
  ),
  rule('DD-DC-008', 'Secret in environment', 'HIGH', 'Credentials written into the compose file end up in Git and in `docker inspect`.', 'Use compose `secrets:` or an env file kept out of version control.', (s) => {
    const env = s.svc.environment;
    const entries: [PathSeg, string, string][] = Array.isArray(env)
      ? env.map((e: unknown, i: number) => {
          const [k, ...v] = String(e).split('=');
          return [i, k, v.join('=')] as [PathSeg, string, string];
        })
      : env && typeof env === 'object'
        ? Object.entries(env).map(([k, v]) => [k, k, v == null ? '' : String(v)] as [PathSeg, string, string])
        : [];
    return entries
      .filter(([, k, v]) => v !== '' && !/^\$\{?[A-Za-z_]/.test(v) && (findSecretInText(v) || secretNameLooksSensitive(k)))
      .map(([p, k]) => hit(s, ['environment', p], `service ${s.name} sets ${k} to a literal secret`));
  }),
];

function nodeLine(doc: Document, path: PathSeg[], lineAt: (o: number) => number, fallback: number): number {
  for (let n = path.length; n >= 0; n--) {
    let cur: unknown = doc.contents;
    let key: { range?: [number, number, number] | null } | undefined;
    let ok = true;
    for (const seg of path.slice(0, n)) {
      if (isMap(cur)) {
        const pair = cur.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) {
          ok = false;
          break;
        }
        key = pair.key as typeof key;
        cur = pair.value;
      } else if (isSeq(cur) && typeof seg === 'number') {
        cur = cur.items[seg];
        key = cur as typeof key;
      } else {
        ok = false;
        break;
      }
    }
    if (ok && key?.range) return lineAt(key.range[0]);
  }
  return fallback;
}

export function looksLikeCompose(value: unknown): boolean {
  return !!value && typeof value === 'object' && !Array.isArray(value) && typeof (value as { services?: unknown }).services === 'object' && !(value as { kind?: unknown }).kind;
}

export function scanCompose(text: string, file: string): { results: MisconfigResult[]; warnings: Warning[] } {
  const parsed = parseYamlDocs(text, file);
  const warnings = [...parsed.warnings];
  const results: MisconfigResult[] = [];
  const serviceLines = new Map<string, number>();
  const lineAt = (o: number) => parsed.lineCounter.linePos(o).line;
  for (const d of parsed.documents) {
    if (!looksLikeCompose(d.value)) continue;
    const svcs = (d.value as { services: Record<string, unknown> }).services ?? {};
    const services: ComposeService[] = Object.entries(svcs)
      .filter(([, v]) => v && typeof v === 'object')
      .map(([name, svc]) => ({ name, svc: svc as Record<string, any>, lineOf: (p: PathSeg[]) => nodeLine(d.doc, ['services', name, ...p], lineAt, d.line) }));
    for (const s of services) serviceLines.set(`service/${s.name}`, s.lineOf([]));
    appendAll(results, runRules(COMPOSE_RULES, { services }, file, (rule, e) => warnings.push({ file, message: `rule ${rule.id} failed: ${String(e)}` })));
  }
  return { results: applyInlineSuppressions(results, text, file, (r) => (r.resource ? serviceLines.get(r.resource) : undefined)), warnings };
}
