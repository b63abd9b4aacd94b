// Large OSV zips are split over worker threads (parse, validate, encode) feeding the single SQLite writer.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { ImportContext } from './context.js';
import type { WorkerMessage } from './zip-worker.js';

/** Below this many entries the worker start-up (≈0.3 s with the TS loader) costs more than it saves. */
export const PARALLEL_MIN_ENTRIES = 20_000;

/** Parse workers (0 = no workers). The SQLite writer thread is mostly idle, so one worker per core. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

// from TypeScript sources the worker starts through a tiny JS file that registers the tsx loader
const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './zip-worker-boot.mjs' : './zip-worker.js', import.meta.url);

export async function importZipParallel(ctx: ImportContext, path: string, count: number, workers: number): Promise<number> {
  let imported = 0;
  const per = Math.ceil(count / workers);
  const runs = Array.from({ length: workers }, (_, i) => {
    const counters = new SharedArrayBuffer(8);
    const c = new Int32Array(counters);
    const w = new Worker(workerUrl, {
      workerData: { path, range: { from: i * per, to: Math.min(count, (i + 1) * per) }, counters },
    });
    return new Promise<void>((resolve, reject) => {
      let finished = false;
      w.on('message', (m: WorkerMessage) => {
        if (m.type === 'batch') {
          try {
            for (const it of m.items) {
              if (it.kind === 'put') {
                ctx.writer.putPrepared(it.p);
                ctx.seenSource(it.p.source, 'osv');
                ctx.progress();
                imported++;
              } else if (it.kind === 'remove') {
                ctx.writer.removeVuln(it.key);
                imported++;
              } else ctx.warn({ file: it.file, message: it.message });
            }
          } catch (e) {
            finished = true;
            void w.terminate();
            return reject(e);
          }
          Atomics.add(c, 1, 1);
          Atomics.notify(c, 1);
        } else if (m.type === 'done') {
          finished = true;
          resolve();
        } else {
          finished = true;
          reject(Object.assign(new Error(m.message), { zip: m.zip }));
        }
      });
      w.on('error', (e) => {
        finished = true;
        reject(e);
      });
      w.on('exit', (code) => {
        if (!finished) reject(new Error(`import worker exited with code ${code}`));
      });
    }).finally(() => void w.terminate());
  });
  const results = await Promise.allSettled(runs);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return imported;
}
