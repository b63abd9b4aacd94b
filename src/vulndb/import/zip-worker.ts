// Worker thread for large OSV zips: reads a slice of the entries, validates, normalises and encodes them;
// the main thread only inserts. Back-pressure: at most MAX_AHEAD batches in flight (Atomics on shared memory).
import { parentPort, workerData } from 'node:worker_threads';
import { readZipEntries, ZipFormatError, type ZipRange } from './zip-reader.js';
import { parseOsvRecord } from './osv.js';
import { prepareVuln, type PreparedVuln } from '../writer.js';

export type WorkerItem =
  | { kind: 'put'; p: PreparedVuln }
  | { kind: 'remove'; key: string }
  | { kind: 'warn'; file: string; message: string };

export type WorkerMessage = { type: 'batch'; items: WorkerItem[] } | { type: 'done' } | { type: 'error'; message: string; zip: boolean };

interface Data {
  path: string;
  range: ZipRange;
  /** Int32Array over a SharedArrayBuffer: [0] = batches posted, [1] = batches consumed */
  counters: SharedArrayBuffer;
}

const BATCH = 500;
const MAX_AHEAD = 8;

function run(): void {
  const { path, range, counters } = workerData as Data;
  const c = new Int32Array(counters);
  let batch: WorkerItem[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    // zstd output buffers are views into 8 KiB pools: cloned one by one, each would copy its whole pool (~4 MB per
    // batch). Pack the blobs into one exact-size ArrayBuffer and transfer it; the items keep views into it.
    let total = 0;
    for (const it of batch) if (it.kind === 'put') total += it.p.blob.length;
    const packed = new Uint8Array(new ArrayBuffer(total));
    let off = 0;
    for (const it of batch) {
      if (it.kind !== 'put') continue;
      packed.set(it.p.blob, off);
      it.p.blob = packed.subarray(off, off + it.p.blob.length);
      off += it.p.blob.length;
    }
    parentPort!.postMessage({ type: 'batch', items: batch } satisfies WorkerMessage, [packed.buffer]);
    batch = [];
    const posted = Atomics.add(c, 0, 1) + 1;
    // wait while the writer is more than MAX_AHEAD batches behind
    for (let consumed = Atomics.load(c, 1); posted - consumed > MAX_AHEAD; consumed = Atomics.load(c, 1)) Atomics.wait(c, 1, consumed, 1000);
  };
  try {
    readZipEntries(
      path,
      (name, data) => {
        const origin = `${path}!${name}`;
        let raw: unknown;
        try {
          raw = JSON.parse(data.toString('utf8'));
        } catch (e) {
          batch.push({ kind: 'warn', file: origin, message: `skipped: invalid JSON (${(e as Error).message})` });
          return;
        }
        const r = parseOsvRecord(raw);
        if (r.kind === 'invalid') batch.push({ kind: 'warn', file: origin, message: r.message });
        else if (r.kind === 'withdrawn') batch.push({ kind: 'remove', key: r.id });
        else batch.push({ kind: 'put', p: prepareVuln(r.record) });
        if (batch.length >= BATCH) flush();
      },
      (name) => /\.json$/i.test(name),
      range,
    );
    flush();
    parentPort!.postMessage({ type: 'done' } satisfies WorkerMessage);
  } catch (e) {
    parentPort!.postMessage({ type: 'error', message: (e as Error).message, zip: e instanceof ZipFormatError } satisfies WorkerMessage);
  }
}

run();
