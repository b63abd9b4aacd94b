// Metadata of the image checks (the checks themselves live in index.ts: they share one pass over the files).
import type { RuleMeta } from '../types.js';
import { REF } from '../references.js';

const T = 'image';
const m = (id: string, title: string, severity: RuleMeta['severity'], description: string, remediation: string, references: string[] = [REF.cisDocker]): RuleMeta => ({ id, title, severity, description, remediation, references, target: T });

export const IMAGE_RULES = {
  rootUser: m('DD-IMG-001', 'Image runs as root', 'HIGH', 'The image config has no User or User root/0: unless overridden at run time every process runs as root inside the container.', 'Set a non-root USER in the Dockerfile (and runAsNonRoot in Kubernetes).', [REF.cisDocker + ' (4.1)']),
  setuid: m('DD-IMG-002', 'setuid/setgid file', 'LOW', 'setuid and setgid binaries run with their owner\'s privileges; they are the usual way from an unprivileged user to root.', 'Remove the setuid/setgid bit (`chmod a-s`) from binaries the application does not need.', [REF.cisDocker + ' (4.8 Ensure setuid and setgid permissions are removed)']),
  worldWritable: m('DD-IMG-003', 'World-writable system path', 'HIGH', 'A world-writable file or directory (without the sticky bit) under a system path lets any user replace binaries or configuration.', 'Fix the permissions in the Dockerfile (`chmod o-w`).'),
  shell: m('DD-IMG-004', 'Shell present', 'LOW', 'A shell makes post-exploitation easy: an attacker with code execution can run arbitrary command lines.', 'Use a distroless or scratch-based runtime image when the application does not need a shell.'),
  downloadTool: m('DD-IMG-005', 'Network download tool present', 'MEDIUM', 'curl, wget, nc and similar tools let an attacker fetch further tooling and exfiltrate data.', 'Remove them from the runtime image (use a multi-stage build).'),
  packageManager: m('DD-IMG-006', 'Package manager present', 'LOW', 'A package manager lets an attacker with root install any tool they need.', 'Remove the package manager from the runtime image, or use a distroless base.'),
  envSecret: m('DD-IMG-007', 'Secret in image Env', 'CRITICAL', 'Environment variables in the image config are readable by anyone who can pull the image.', 'Pass secrets at run time; rebuild without the ENV and rotate the credential.', [REF.cisDocker + ' (4.10)']),
  historySecret: m('DD-IMG-008', 'Secret in image history', 'HIGH', 'Build arguments and RUN command lines are recorded in the image history, visible with `docker history`.', 'Use `RUN --mount=type=secret`; rotate the credential.', [REF.cisDocker + ' (4.10)']),
  sshHostKey: m('DD-IMG-009', 'SSH host key baked into the image', 'HIGH', 'Every container from this image shares the same SSH host private key, so anyone with the image can impersonate them.', 'Do not ship SSH servers; if unavoidable generate host keys at container start.'),
  emptyPassword: m('DD-IMG-010', 'Account with an empty password', 'HIGH', 'An account with an empty password hash in /etc/shadow can log in (or be switched to) without a password.', 'Lock the account (`passwd -l`) or set `*`/`!` as its hash.'),
  duplicateUid: m('DD-IMG-011', 'Duplicate UID or GID', 'MEDIUM', 'Two accounts sharing a UID/GID share all file permissions, which hides who owns what.', 'Give every user and group a unique id.'),
  noHealthcheck: m('DD-IMG-012', 'Image has no HEALTHCHECK', 'LOW', 'Without a HEALTHCHECK the engine cannot detect a hung container (Kubernetes uses probes instead).', 'Add a HEALTHCHECK to the Dockerfile.', [REF.cisDocker + ' (4.6)']),
} as const;
