// Checks on a built image: its config (user, env, history) and its final filesystem (setuid, permissions,
// tools an attacker would use, baked-in SSH host keys, /etc/shadow and /etc/passwd hygiene).
import type { ImageConfig } from '../../image/types.js';
import type { FileMeta, FileResolver } from '../../image/layer/types.js';
import type { MisconfigResult, RuleMeta } from '../types.js';
import { hitToResult } from '../rule.js';
import { findSecretInText, secretNameLooksSensitive, maskSecret } from '../../secret/index.js';
import { REF } from '../references.js';
import { IMAGE_RULES as R } from './rules.js';

export { IMAGE_RULES } from './rules.js';

const WANTED = new Set(['/etc/passwd', '/etc/shadow', '/etc/group']);
const SSH_HOST_KEY = /^\/etc\/ssh\/ssh_host_[a-z0-9]+_key$/;

/** Files whose content the image checks read (kept in memory by the scan pipeline). */
export function imageCheckWants(meta: FileMeta): boolean {
  return meta.kind === 'file' && (WANTED.has(meta.path) || SSH_HOST_KEY.test(meta.path)) && meta.size < 4 * 1024 * 1024;
}

const SHELLS = ['/bin/sh', '/bin/bash', '/bin/ash', '/bin/dash', '/bin/zsh', '/usr/bin/bash', '/usr/bin/sh', '/usr/bin/zsh'];
const DOWNLOADERS = ['curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'ftp', 'tftp', 'scp'];
const PACKAGE_MANAGERS = ['apt', 'apt-get', 'dpkg', 'apk', 'yum', 'dnf', 'microdnf', 'rpm', 'zypper', 'pip', 'pip3', 'npm', 'gem'];
const BIN_DIRS = ['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin'];
const SYSTEM_DIRS = /^\/(etc|bin|sbin|lib|lib64|usr|opt|boot|root|var\/lib|var\/spool)(\/|$)/;

function layerText(fs: FileResolver, path: string): string | undefined {
  const l = fs.layerOf(path);
  return l ? (l.diffId ?? `layer ${l.index}`) : undefined;
}

function located(rule: RuleMeta, message: string, file: string, fs?: FileResolver, line?: number): MisconfigResult {
  return hitToResult(rule, { message, line, resource: fs ? layerText(fs, file) : undefined }, file);
}

function findTool(fs: FileResolver, names: string[]): string[] {
  const found: string[] = [];
  for (const n of names) {
    for (const d of BIN_DIRS) {
      const p = `${d}/${n}`;
      if (fs.stat(p)) {
        found.push(p);
        break;
      }
    }
  }
  return found;
}

export function checkImage(config: ImageConfig, fs: FileResolver): MisconfigResult[] {
  const out: MisconfigResult[] = [];
  const cfg = config.config ?? {};
  const user = (cfg.User ?? '').trim();
  const userName = user.split(':')[0];
  if (userName === '' || userName === 'root' || userName === '0') out.push(located(R.rootUser, user ? `image config User is ${user}` : 'image config sets no User: processes run as root', 'config'));

  for (const [i, e] of (cfg.Env ?? []).entries()) {
    const eq = e.indexOf('=');
    const name = eq < 0 ? e : e.slice(0, eq);
    const value = eq < 0 ? '' : e.slice(eq + 1);
    const token = value ? findSecretInText(value) : undefined;
    if (token || (value && secretNameLooksSensitive(name))) out.push(located(R.envSecret, `Env ${name}=${maskSecret(value)} (${token ?? 'secret-looking name'})`, `config.Env[${i}]`));
  }
  (config.history ?? []).forEach((h, i) => {
    const cb = h.created_by ?? '';
    const token = cb ? findSecretInText(cb) : undefined;
    // a name starts after a blank (or at the start), not inside a run of blanks: (?:^|\s)…\s* tried every blank of
    // a long run against the rest of it (quadratic in a history line, which the image writes)
    const arg = /(?<!\S)(?:\|\d*\s+)?([A-Za-z_][A-Za-z0-9_]*)=(\S+)/g;
    let m: RegExpExecArray | null;
    let named: string | undefined;
    // build args are recorded as `|N NAME=value … /bin/sh -c …` in RUN history entries
    while (!token && (m = arg.exec(cb))) if (secretNameLooksSensitive(m[1]) && !m[2].startsWith('$')) named = m[1];
    if (token || named) out.push(located(R.historySecret, `history entry ${i} contains ${token ? `a ${token}` : `build argument ${named}`}`, `history[${i}]`));
  });
  if (!cfg.Healthcheck?.Test?.length) out.push(located(R.noHealthcheck, 'image config has no HEALTHCHECK', 'config'));

  for (const f of fs.files()) {
    if (f.kind === 'file' && (f.mode & 0o6000) !== 0) {
      const bits = [(f.mode & 0o4000) !== 0 && 'setuid', (f.mode & 0o2000) !== 0 && 'setgid'].filter(Boolean).join('+');
      out.push(located(R.setuid, `${f.path} is ${bits} (mode ${(f.mode & 0o7777).toString(8)})`, f.path, fs));
    }
    if ((f.kind === 'dir' || f.kind === 'file') && (f.mode & 0o002) !== 0 && SYSTEM_DIRS.test(f.path) && !(f.kind === 'dir' && (f.mode & 0o1000) !== 0))
      out.push(located(R.worldWritable, `${f.path} is world-writable (mode ${(f.mode & 0o7777).toString(8)})`, f.path, fs));
    if (SSH_HOST_KEY.test(f.path) && f.kind === 'file') out.push(located(R.sshHostKey, `SSH host private key ${f.path} is baked into the image`, f.path, fs));
  }

  const shells = SHELLS.filter((p) => fs.stat(p));
  if (shells.length) out.push(located(R.shell, `shell present: ${shells.join(', ')}`, shells[0], fs));
  for (const p of findTool(fs, DOWNLOADERS)) out.push(located(R.downloadTool, `${p} can download or move data over the network`, p, fs));
  for (const p of findTool(fs, PACKAGE_MANAGERS)) out.push(located(R.packageManager, `package manager ${p} is present`, p, fs));

  const shadow = fs.read('/etc/shadow')?.toString('utf8');
  if (shadow) {
    shadow.split('\n').forEach((l, i) => {
      const [name, hash] = l.split(':');
      if (name && hash === '') out.push(located(R.emptyPassword, `user ${name} has an empty password`, '/etc/shadow', fs, i + 1));
    });
  }
  for (const [file, rule, kind] of [
    ['/etc/passwd', R.duplicateUid, 'UID'],
    ['/etc/group', R.duplicateUid, 'GID'],
  ] as const) {
    const text = fs.read(file)?.toString('utf8');
    if (!text) continue;
    const seen = new Map<string, string>();
    text.split('\n').forEach((l, i) => {
      const parts = l.split(':');
      if (parts.length < 3 || l.startsWith('#')) return;
      const id = parts[2];
      if (seen.has(id)) out.push(located(rule, `${kind} ${id} is shared by ${seen.get(id)} and ${parts[0]}`, file, fs, i + 1));
      else seen.set(id, parts[0]);
    });
  }
  return out;
}

export const IMAGE_REFERENCES = [REF.cisDocker];
