// Serving certificate from files, reloaded when they change: fs.watch for speed, a periodic stat because
// Kubernetes Secret volumes swap a symlink (inotify on the file itself misses that) and some filesystems never notify.
import { statSync, watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { DrydockError } from '../errors.js';

export const TLS_OPTIONS = { minVersion: 'TLSv1.2' } as const satisfies SecureContextOptions;

export interface KeyPair {
  cert: Buffer;
  key: Buffer;
}

export async function readKeyPair(certFile: string, keyFile: string): Promise<KeyPair> {
  let cert: Buffer, key: Buffer;
  try {
    [cert, key] = await Promise.all([readFile(certFile), readFile(keyFile)]);
  } catch (e) {
    throw new DrydockError('NOT_FOUND', `cannot read TLS certificate or key (${certFile}, ${keyFile})`, { cause: e });
  }
  try {
    // fails on a key that does not match the certificate, so a half-written pair is never served
    createSecureContext({ ...TLS_OPTIONS, cert, key });
  } catch (e) {
    throw new DrydockError('INVALID_INPUT', `TLS certificate and key do not form a usable pair: ${(e as Error).message}`, { cause: e });
  }
  return { cert, key };
}

export interface CertWatcher {
  /** re-reads the files now; true when a new pair was applied */
  check(): Promise<boolean>;
  close(): void;
}

/** Calls `apply` with each new valid pair; a broken pair is reported and the previous one stays in use. */
export function watchKeyPair(
  certFile: string,
  keyFile: string,
  apply: (pair: KeyPair) => void,
  opts: { intervalMs?: number; onError?: (e: unknown) => void; onReload?: () => void } = {},
): CertWatcher {
  let last = '';
  let running: Promise<boolean> | undefined;
  const fingerprint = async () => {
    const [a, b] = await Promise.all([stat(certFile), stat(keyFile)]);
    return `${a.ino}:${a.size}:${a.mtimeMs}|${b.ino}:${b.size}:${b.mtimeMs}`;
  };
  const check = (): Promise<boolean> =>
    (running ??= (async () => {
      try {
        const fp = await fingerprint();
        if (fp === last) return false;
        const pair = await readKeyPair(certFile, keyFile);
        last = fp;
        apply(pair);
        opts.onReload?.();
        return true;
      } catch (e) {
        opts.onError?.(e);
        return false;
      } finally {
        running = undefined;
      }
    })());
  try {
    // the pair the server started with is the baseline
    const [a, b] = [statSync(certFile), statSync(keyFile)];
    last = `${a.ino}:${a.size}:${a.mtimeMs}|${b.ino}:${b.size}:${b.mtimeMs}`;
  } catch {
    // missing files: the first successful check applies them
  }
  const watchers: FSWatcher[] = [];
  let debounce: NodeJS.Timeout | undefined;
  const poke = () => {
    clearTimeout(debounce);
    // cert and key are often written one after the other: wait for both
    debounce = setTimeout(() => void check(), 100);
    debounce.unref();
  };
  for (const dir of new Set([dirname(certFile), dirname(keyFile)])) {
    try {
      const w = watch(dir, { persistent: false }, poke);
      w.on('error', () => undefined);
      watchers.push(w);
    } catch {
      // the periodic stat still covers it
    }
  }
  const timer = setInterval(() => void check(), opts.intervalMs ?? 10_000);
  timer.unref();
  return {
    check,
    close() {
      clearInterval(timer);
      clearTimeout(debounce);
      for (const w of watchers) w.close();
    },
  };
}
