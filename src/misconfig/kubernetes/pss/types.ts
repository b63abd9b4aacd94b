// Plain-object shapes the PSS evaluator reads: lenient, so it works on YAML files and AdmissionReview objects alike.
export type PssLevel = 'baseline' | 'restricted';

export interface PssViolation {
  /** control name as in the Pod Security Standards docs, e.g. "Privileged Containers" */
  control: string;
  /** path in the Pod, e.g. spec.containers[0].securityContext.privileged */
  fieldPath: string;
  message: string;
  /** level that introduces the control */
  level: PssLevel;
}

export interface SecurityContextLike {
  privileged?: boolean | null;
  allowPrivilegeEscalation?: boolean | null;
  runAsNonRoot?: boolean | null;
  runAsUser?: number | null;
  procMount?: string | null;
  capabilities?: { add?: string[] | null; drop?: string[] | null } | null;
  seccompProfile?: { type?: string | null; localhostProfile?: string | null } | null;
  appArmorProfile?: { type?: string | null; localhostProfile?: string | null } | null;
  seLinuxOptions?: { type?: string | null; user?: string | null; role?: string | null; level?: string | null } | null;
  windowsOptions?: { hostProcess?: boolean | null } | null;
  sysctls?: { name?: string; value?: string }[] | null;
  [k: string]: unknown;
}

export interface ContainerLike {
  name?: string;
  image?: string;
  securityContext?: SecurityContextLike | null;
  ports?: { containerPort?: number; hostPort?: number | null; [k: string]: unknown }[] | null;
  [k: string]: unknown;
}

export interface PodSpecLike {
  hostNetwork?: boolean | null;
  hostPID?: boolean | null;
  hostIPC?: boolean | null;
  hostUsers?: boolean | null;
  os?: { name?: string } | null;
  securityContext?: SecurityContextLike | null;
  containers?: ContainerLike[] | null;
  initContainers?: ContainerLike[] | null;
  ephemeralContainers?: ContainerLike[] | null;
  volumes?: ({ name?: string } & Record<string, unknown>)[] | null;
  [k: string]: unknown;
}

export interface ObjectMetaLike {
  name?: string;
  namespace?: string;
  annotations?: Record<string, string> | null;
  labels?: Record<string, string> | null;
  [k: string]: unknown;
}
