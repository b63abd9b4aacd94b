// Runs a reference tool once over a batch of pairs (one child process, never one per pair).
import { spawnSync } from 'node:child_process';

export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/** Runs `cmd args` with `input` on stdin and returns stdout lines; throws with stderr on failure. */
export function runBatch(cmd: string, args: string[], input: string, timeoutMs = 60_000): string[] {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}
