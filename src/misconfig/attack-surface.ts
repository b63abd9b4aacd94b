// What someone with code execution in the container could do, in plain words, each line backed by findings.
import type { MisconfigResult } from './types.js';

export interface AttackSurfaceInput {
  image?: MisconfigResult[];
  kubernetes?: MisconfigResult[];
  /** a default-deny egress NetworkPolicy covers the workload */
  hasEgressDeny?: boolean;
}

export interface AttackStatement {
  statement: string;
  evidence: string[];
}

const ev = (r: MisconfigResult) => `${r.rule.id} ${r.file}${r.line ? `:${r.line}` : ''}: ${r.message}`;

export function attackSurface(input: AttackSurfaceInput): AttackStatement[] {
  const img = (input.image ?? []).filter((r) => !r.suppressed);
  const k8s = (input.kubernetes ?? []).filter((r) => !r.suppressed);
  const all = [...img, ...k8s];
  const by = (ids: string[], from = all) => from.filter((r) => ids.includes(r.rule.id));
  const pssControl = (control: string) => k8s.filter((r) => r.rule.id.startsWith('DD-PSS-') && r.message.startsWith(control + ':'));
  const out: AttackStatement[] = [];
  const add = (statement: string, evidence: MisconfigResult[]) => {
    if (evidence.length) out.push({ statement, evidence: evidence.slice(0, 10).map(ev) });
  };

  const root = by(['DD-IMG-001', 'DD-DF-001', 'DD-DF-002', 'DD-DC-002']);
  const nonRootEnforced = input.kubernetes !== undefined && k8s.length > 0 && pssControl('Running as Non-root').length === 0 && pssControl('Running as Non-root user').length === 0;
  if (!nonRootEnforced) add('Run as root inside the container.', [...root, ...pssControl('Running as Non-root user')]);
  add('Write to system directories and replace binaries or configuration.', [...by(['DD-IMG-003']), ...(root.length ? by(['DD-K8S-001', 'DD-DC-003']) : [])]);
  if (!input.hasEgressDeny) {
    const dl = by(['DD-IMG-005']);
    add('Download further tools and send data out (curl/wget present, egress not denied by a NetworkPolicy).', [...dl, ...(dl.length ? by(['DD-NET-002']) : [])]);
  }
  add('Install packages with the package manager.', root.length ? by(['DD-IMG-006']) : []);
  add('Read secrets: the service-account token is mounted, or credentials sit in the environment, files or history.', [
    ...by(['DD-K8S-003', 'DD-K8S-007', 'DD-K8S-008', 'DD-IMG-007', 'DD-IMG-008', 'DD-IMG-009', 'DD-DC-008']),
    ...all.filter((r) => r.rule.target === 'secret'),
  ]);
  add('Escape to or reach the node: privileged mode, host paths, host namespaces, added capabilities or the container runtime socket.', [
    ...pssControl('Privileged Containers'),
    ...pssControl('HostPath Volumes'),
    ...pssControl('Host Namespaces'),
    ...pssControl('HostProcess'),
    ...k8s.filter((r) => r.rule.id.startsWith('DD-PSS-') && r.message.startsWith('Capabilities:') && /must not add/.test(r.message)),
    ...by(['DD-DC-001', 'DD-DC-004', 'DD-DC-005', 'DD-DC-006']),
  ]);
  add('Gain root through setuid binaries.', root.length ? [] : by(['DD-IMG-002']).filter(() => pssControl('Privilege Escalation').length > 0 || input.kubernetes === undefined));
  add('Run arbitrary command lines with a shell.', by(['DD-IMG-004']));
  return out;
}
