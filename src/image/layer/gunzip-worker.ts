// Gunzip on a worker thread. Node's zlib streams inflate on the thread pool but start each next step from a callback
// on the thread that owns the stream: on the main thread every step that ended while a chunk was being parsed waited
// for that parse, so decompression and parsing took turns (measured on 2 cores: with the main thread busy 2.5 ms per
// MB, each step took 25-40% longer for the same thread-pool CPU time; in a worker, the same gunzip took as long with
// the main thread busy as idle). Here a worker inflates synchronously on its own thread, so it never waits for the
// parser, only for the bounded window of bytes the parser has not taken yet.
//
// Compressed chunks are copied once, into a ring of shared memory the worker reads in place; the worker inflates into
// buffers lent by the main thread and hands them back filled. The main thread lends a buffer again only when the
// parser has taken what it got: that bounds how far decompression runs ahead, whatever the compression ratio.
//
// The worker drives the zlib handle of a Gunzip object with its synchronous write (what zlib.gunzipSync does inside):
// Node has no public streaming synchronous inflate. useGunzipWorker() checks that the handle looks as expected; when
// it does not (another Node version), layers are decompressed on the main thread as before.
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { createGunzip } from 'node:zlib';

/** empty buffers lent to the worker: how far decompression may run ahead of the parser (with the stream's buffer) */
const CREDITS = 6;
/** compressed blobs from this size on start the worker (smaller ones are inflated on the main thread) */
const WORKER_MIN_BLOB = 16 * 1024 * 1024;
/** compressed bytes handed to the worker and not yet inflated */
const IN_WINDOW = 4 * 1024 * 1024;
/**
 * Size of the buffers the worker inflates into. They are allocated here on the main thread, like the ones Node's zlib
 * stream allocates: buffers allocated in the worker and freed here stayed in the worker's malloc arena (+50 MB RSS).
 */
const OUT_CHUNK = 1024 * 1024;

// Plain CommonJS run with `eval`: no file to resolve, so the same code works from tsx, the bundle and the library.
const WORKER_SOURCE = `
'use strict';
const { parentPort } = require('node:worker_threads');
const zlib = require('node:zlib');
const { Z_NO_FLUSH, Z_FINISH } = zlib.constants;
const EMPTY = Buffer.alloc(0);
const jobs = new Map();

class Job {
  constructor(id, ring) {
    this.id = id;
    this.ring = ring;
    this.gz = zlib.createGunzip();
    this.handle = this.gz._handle;
    this.state = this.gz._writeState;
    this.error = null;
    this.handle.onerror = (message, errno, code) => { this.error = { message, errno, code }; };
    this.queue = [];
    this.ended = false;
    this.free = []; // empty buffers from the main thread: each one is room for the parser to fall behind
    this.out = null;
    this.off = 0;
  }
  // Inflates queued input while there is a buffer to inflate into; every full buffer is sent as it fills.
  pump() {
    for (;;) {
      const q = this.queue[0];
      if (q === undefined) break;
      const r = this.inflate(q, Z_NO_FLUSH);
      if (r === FAILED || r === NO_ROOM) return;
      this.queue.shift();
      parentPort.postMessage({ t: 'took', id: this.id, n: q.n });
    }
    if (this.ended) {
      const r = this.inflate({ buf: EMPTY, off: 0, avail: 0 }, Z_FINISH);
      if (r === FAILED || r === NO_ROOM) return;
      this.send();
      this.close();
      parentPort.postMessage({ t: 'end', id: this.id });
    } else this.send(); // waiting for input: what is there goes now
  }
  // One input chunk until it is used up (DONE), no buffer is left to inflate into (NO_ROOM), or an error (FAILED).
  inflate(q, flush) {
    for (;;) {
      if (this.out === null) {
        const ab = this.free.shift();
        if (ab === undefined) return NO_ROOM;
        this.out = Buffer.from(ab);
        this.off = 0;
      }
      const room = this.out.length - this.off;
      this.handle.writeSync(flush, q.buf, q.off, q.avail, this.out, this.off, room);
      if (this.error !== null) {
        parentPort.postMessage({ t: 'error', id: this.id, ...this.error });
        this.close();
        return FAILED;
      }
      const outLeft = this.state[0];
      const inLeft = this.state[1];
      q.off += q.avail - inLeft;
      q.avail = inLeft;
      this.off += room - outLeft;
      if (outLeft === 0) this.send();
      // zlib stops either with output room left (input used up, or the gzip stream ended) or with none (call again)
      else return DONE;
    }
  }
  send() {
    if (this.out === null || this.off === 0) return;
    const ab = this.out.buffer;
    const n = this.off;
    this.out = null;
    parentPort.postMessage({ t: 'data', id: this.id, ab, n }, [ab]);
  }
  close() {
    jobs.delete(this.id);
    this.queue = [];
    // lent buffers this stream did not fill go back for the next streams: left here they would wait for this
    // isolate's rare garbage collections, a few MiB per layer
    const unused = this.out === null ? this.free : [this.out.buffer, ...this.free];
    this.out = null;
    this.free = [];
    if (unused.length > 0) parentPort.postMessage({ t: 'unused', id: this.id, abs: unused }, unused);
    this.gz.close();
  }
}
const DONE = 0;
const NO_ROOM = 1;
const FAILED = 2;

parentPort.on('message', (m) => {
  if (m.t === 'open') return void jobs.set(m.id, new Job(m.id, m.ring));
  const job = jobs.get(m.id);
  if (job === undefined) return;
  if (m.t === 'in') job.queue.push({ buf: Buffer.from(job.ring, m.at, m.n), off: 0, avail: m.n, n: m.n });
  else if (m.t === 'end') job.ended = true;
  else if (m.t === 'buf') job.free.push(m.ab);
  else if (m.t === 'close') return void job.close();
  job.pump();
});
`;

type FromWorker =
  | { t: 'data'; id: number; ab: ArrayBuffer; n: number }
  | { t: 'end'; id: number }
  | { t: 'took'; id: number; n: number }
  | { t: 'unused'; id: number; abs: ArrayBuffer[] }
  | { t: 'error'; id: number; message: string; code?: string; errno?: number };

let worker: Worker | undefined;
const handlers = new Map<number, (m: Exclude<FromWorker, { t: 'unused' }>) => void>();
let nextId = 1;
/** streams whose reader is waiting for the worker: while there are any, the worker keeps the process alive */
let waiters = 0;
/** input rings of finished streams */
const rings: SharedArrayBuffer[] = [];
/** empty output buffers that came back unused from finished streams, lent again before new ones are allocated */
const spare: ArrayBuffer[] = [];
const SPARE_MAX = 2 * CREDITS;
/** output buffers the worker filled and the reader has not given back with recycleChunk() */
const filled = new WeakSet<ArrayBufferLike>();
let usable: boolean | undefined;

/**
 * Gives a chunk read from a gunzipOnWorker() stream back, to be lent to the worker again, once nothing holds a view
 * of it any more. A fresh 1 MiB buffer per chunk cost page faults on the worker's first write and, as external
 * memory, a full garbage collection every few dozen MiB (16 in a scan of a 170 MiB layer; 3 with buffers reused).
 * Anything else (a chunk of another stream, one given back already) is left alone.
 */
export function recycleChunk(chunk: Buffer): void {
  const ab = chunk.buffer;
  if (chunk.byteOffset !== 0 || ab.byteLength !== OUT_CHUNK || !filled.delete(ab)) return;
  if (spare.length < SPARE_MAX) spare.push(ab as ArrayBuffer);
}

/** output buffers allocated so far (the others lent were reused): how reuse is seen, a transferred buffer being a new object each time */
let allocated = 0;
export function outputBuffersAllocated(): number {
  return allocated;
}

/** Whether `b` is a view of a chunk that recycleChunk() may hand to the worker again: to be kept, it is copied. */
export function isRecyclable(b: Buffer): boolean {
  return filled.has(b.buffer);
}

/**
 * Whether a layer should be inflated on the worker: this Node's Gunzip has the synchronous handle the worker drives,
 * and the worker is running already or the blob is big enough to repay starting it (~50 ms and ~10 MB on 2 cores).
 */
export function useGunzipWorker(sizeHint: number | undefined): boolean {
  if (usable === undefined) {
    const gz = createGunzip() as unknown as { _handle?: { writeSync?: unknown }; _writeState?: unknown; close(): void };
    usable = typeof gz._handle?.writeSync === 'function' && gz._writeState instanceof Uint32Array;
    gz.close();
  }
  return usable && (worker !== undefined || (sizeHint ?? 0) >= WORKER_MIN_BLOB);
}

function shared(): Worker {
  if (worker) return worker;
  // no inherited flags: the source is plain CommonJS (a parent's --input-type=module or loader must not apply)
  const w = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], stdout: false, stderr: false });
  w.on('message', (m: FromWorker) => {
    if (m.t === 'unused') {
      for (const ab of m.abs) if (spare.length < SPARE_MAX) spare.push(ab);
    } else handlers.get(m.id)?.(m);
  });
  const fail = (why: string): void => {
    // the worker itself failed: every open stream fails with the reason; the next layer starts a new worker
    if (worker === w) worker = undefined;
    for (const [id, h] of handlers) h({ t: 'error', id, message: `gunzip worker failed: ${why}` });
  };
  w.on('error', (e) => fail(e.message));
  w.on('exit', (code) => fail(`exited with code ${code}`));
  w.unref();
  worker = w;
  return w;
}

/** The gunzipped bytes of `input`, inflated on a shared worker thread; zlib's errors keep their message and code. */
export function gunzipOnWorker(input: Readable): Readable {
  const w = shared();
  const id = nextId++;
  // Compressed bytes go through a ring of shared memory: one copy into it, read in place by the worker, no
  // allocation per chunk (memory handed over per chunk piled up in the worker until its rare garbage collections).
  const ring = rings.pop() ?? new SharedArrayBuffer(IN_WINDOW);
  const ringBytes = new Uint8Array(ring);
  let at = 0;
  /** ring bytes the worker has not taken yet */
  let inFlight = 0;
  /** the rest of a chunk that did not fit in the ring (the input is paused meanwhile) */
  let pending: Buffer | undefined;
  /** empty buffers at the worker */
  let lent = 0;
  let inputEnded = false;
  let done = false;
  // The worker keeps the process alive only while this stream's reader waits for it: a stream left unread (an
  // abandoned scan) must not hold the process open.
  let waiting = false;
  const wait = (on: boolean): void => {
    if (on === waiting) return;
    waiting = on;
    if (on && waiters++ === 0) w.ref();
    else if (!on && --waiters === 0) w.unref();
  };

  /** copies as much of `c` as fits; returns what is left */
  const put = (c: Buffer): Buffer | undefined => {
    while (c.length > 0 && inFlight < IN_WINDOW) {
      // contiguous room: up to the end of the ring, and not over bytes the worker has not taken yet
      const n = Math.min(c.length, IN_WINDOW - at, IN_WINDOW - inFlight);
      ringBytes.set(c.subarray(0, n), at);
      w.postMessage({ t: 'in', id, at, n });
      inFlight += n;
      at = (at + n) % IN_WINDOW;
      c = c.subarray(n);
    }
    return c.length > 0 ? c : undefined;
  };
  const onData = (c: Buffer): void => {
    pending = put(c);
    if (pending) input.pause();
  };
  // the end goes after the last bytes: those may still wait for room in the ring
  const sendEnd = (): void => {
    if (!done) w.postMessage({ t: 'end', id });
  };
  const finish = (): void => {
    if (done) return;
    done = true;
    wait(false);
    handlers.delete(id);
    input.off('data', onData);
    // The next stream reuses the ring: the worker lets go of its view of it only when it collects garbage, which is
    // rarely. Input the worker may still read for this stream after it was destroyed is discarded with the stream.
    if (rings.length < 2) rings.push(ring);
  };

  const out = new Readable({
    // read() comes when less than a buffer's worth is left unread: then the worker gets empty buffers again, so at
    // most CREDITS + 1 buffers are decompressed ahead of the parser
    highWaterMark: OUT_CHUNK,
    read() {
      if (done) return;
      for (; lent < CREDITS; lent++) {
        let ab = spare.pop();
        if (ab === undefined) {
          ab = Buffer.allocUnsafeSlow(OUT_CHUNK).buffer as ArrayBuffer;
          allocated++;
        }
        w.postMessage({ t: 'buf', id, ab }, [ab]);
      }
      wait(true);
    },
    destroy(err, cb) {
      if (!done) w.postMessage({ t: 'close', id });
      finish();
      input.destroy();
      cb(err);
    },
  });

  handlers.set(id, (m) => {
    if (m.t === 'data') {
      wait(false);
      lent--;
      filled.add(m.ab);
      out.push(Buffer.from(m.ab, 0, m.n));
    } else if (m.t === 'took') {
      inFlight -= m.n;
      if (pending) {
        pending = put(pending);
        if (!pending && inputEnded) sendEnd();
      }
      if (!pending && input.isPaused() && !done && !inputEnded) input.resume();
    } else if (m.t === 'end') {
      finish();
      out.push(null);
    } else {
      finish();
      out.destroy(Object.assign(new Error(m.message), m.code !== undefined ? { code: m.code, errno: m.errno } : {}));
    }
  });
  w.postMessage({ t: 'open', id, ring });
  input.on('data', onData);
  input.on('end', () => {
    inputEnded = true;
    if (!pending) sendEnd();
  });
  input.on('error', (e) => out.destroy(e));
  // destroyed without an error (as pipeline() would report it): the tar must not just stop short
  input.on('close', () => {
    if (!inputEnded && !done && !out.destroyed) out.destroy(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
  });
  return out;
}
