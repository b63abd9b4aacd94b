// Test support: temporary directories that do not outlive the test process.
// `node --test` runs every test file in a process of its own, so a directory made here is removed when the file that
// made it has finished (all its tests, hooks and child processes), never while the file may still use it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created = new Set<string>();
let hooked = false;

function removeAll(): void {
  for (const dir of created) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort: an exit handler must not throw
    }
  }
  created.clear();
}

/** `mkdtemp` under os.tmpdir() (`prefix` ends with '-'), removed when this process exits. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.add(dir);
  if (!hooked) {
    hooked = true;
    process.on('exit', removeAll);
  }
  return dir;
}
