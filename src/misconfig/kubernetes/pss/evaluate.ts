// evaluatePss: a pure function over plain objects, shared by `drydock config` and the admission webhook.
import type { ObjectMetaLike, PodSpecLike, PssLevel, PssViolation } from './types.js';
import { pssMinor } from './version.js';
import { withContainerMemo } from './containers.js';
import * as b from './baseline.js';
import * as r from './restricted.js';
import { DrydockError } from '../../../errors.js';

export const PSS_CONTROLS: { control: string; level: PssLevel }[] = [
  { control: 'HostProcess', level: 'baseline' },
  { control: 'Host Namespaces', level: 'baseline' },
  { control: 'Privileged Containers', level: 'baseline' },
  { control: 'Capabilities', level: 'baseline' },
  { control: 'HostPath Volumes', level: 'baseline' },
  { control: 'Host Ports', level: 'baseline' },
  { control: 'AppArmor', level: 'baseline' },
  { control: 'SELinux', level: 'baseline' },
  { control: '/proc Mount Type', level: 'baseline' },
  { control: 'Seccomp', level: 'baseline' },
  { control: 'Sysctls', level: 'baseline' },
  { control: 'Volume Types', level: 'restricted' },
  { control: 'Privilege Escalation', level: 'restricted' },
  { control: 'Running as Non-root', level: 'restricted' },
  { control: 'Running as Non-root user', level: 'restricted' },
  { control: 'Seccomp', level: 'restricted' },
  { control: 'Capabilities', level: 'restricted' },
  // appended (rule ids are positions in this list): baseline since v1.34
  { control: 'Host Probes / Lifecycle Hooks', level: 'baseline' },
];

/**
 * Violations of the Pod Security Standards at `level` for policy `version` (default latest).
 * Field paths are relative to a Pod (`spec.…`, `metadata.annotations[…]`).
 */
export function evaluatePss(spec: PodSpecLike, meta: ObjectMetaLike, level: PssLevel, version?: string): PssViolation[] {
  const minor = pssMinor(version);
  if (minor === undefined) throw new DrydockError('USAGE', `invalid Pod Security Standards version "${version}"`, { hint: 'use latest or v1.N, e.g. v1.30' });
  const s: PodSpecLike = spec && typeof spec === 'object' ? spec : {};
  const m: ObjectMetaLike = meta && typeof meta === 'object' ? meta : {};
  const restricted = level === 'restricted';
  return withContainerMemo(s, () => {
    const out: PssViolation[] = [];
    const add = (level: PssLevel, v: Omit<PssViolation, 'level'>[]) => {
      for (const x of v) out.push({ control: x.control, fieldPath: x.fieldPath, message: x.message, level });
    };
    const base = (v: Omit<PssViolation, 'level'>[]) => add('baseline', v);
    const strict = (v: Omit<PssViolation, 'level'>[]) => add('restricted', v);
    base(b.hostProcess(s));
    base(b.hostNamespaces(s));
    base(b.privileged(s));
    // the restricted capability and seccomp controls replace their baseline counterparts (stricter in every case)
    if (!restricted) base(b.capabilitiesBaseline(s));
    base(b.hostPathVolumes(s));
    base(b.hostPorts(s));
    base(b.appArmor(s, m));
    base(b.seLinux(s, minor));
    base(b.procMount(s, minor, restricted));
    if (!(restricted && minor >= 19)) base(b.seccompBaseline(s, m, minor));
    base(b.sysctls(s, minor));
    base(b.hostProbesAndLifecycle(s, minor));
    if (restricted) {
      strict(r.volumeTypes(s));
      strict(r.privilegeEscalation(s, minor));
      strict(r.runAsNonRoot(s, minor));
      strict(r.runAsUser(s, minor));
      strict(r.seccompRestricted(s, minor));
      if (minor >= 22) strict(r.capabilitiesRestricted(s, minor));
      else base(b.capabilitiesBaseline(s));
    }
    return out;
  });
}
