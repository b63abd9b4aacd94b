// A REAL registry (CNCF distribution, Debian `docker-registry`) for tests, started via test/tools/registry.sh.
//
// Reuse it (base-image advice, admission, registry client…):
//
//   import { after, before } from 'node:test';
//   import { fixturesAvailable, startRegistry, type TestRegistry } from '../../test/helpers/registry.js';
//   let reg: TestRegistry;
//   before(async () => { reg = await startRegistry({ push: ['mini-base'], auth: { user: 'u', pass: 'p' }, tls: true }); });
//   after(() => reg?.stop());
//   // images are at `${reg.host}/imagelab/<tag>:latest`; pass { caFile: reg.caFile } (TLS) and
//   // { username, password } (auth) to openRegistryImage.
//
// - Binds 127.0.0.1 on a random free port, storage in a fresh temp dir (removed by stop()).
// - `push` copies tags from .cache/images/oci (built by test/tools/build-images.sh) with skopeo;
//   check `fixturesAvailable()` first and skip the suite when it is false.
// - Call stop() in `after` (it is idempotent); a process-exit hook also kills the registry so a
//   crashed test file does not leave it running.
// - Costs ~0.3 s to start plus ~0.3 s per small tag pushed (2 cores shared: push only what you need).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = join(ROOT, 'test/tools/registry.sh');
export const IMAGES_DIR = join(ROOT, '.cache/images');
export const OCI_LAYOUT = join(IMAGES_DIR, 'oci');

export interface TestRegistry {
  /** `http://127.0.0.1:PORT` or `https://…` */
  url: string;
  /** `127.0.0.1:PORT`, what goes in front of an image name */
  host: string;
  /** the self-signed CA (TLS only) */
  caFile?: string;
  runDir: string;
  stop(): Promise<void>;
}

export interface StartRegistryOptions {
  auth?: { user: string; pass: string };
  tls?: boolean;
  /** tags from .cache/images/oci, pushed as `<host>/imagelab/<tag>:latest` */
  push?: string[];
}

export interface FixtureLayer {
  mediaType: string;
  digest: string;
  size: number;
}
export interface FixtureImage {
  tag: string;
  manifest_digest: string;
  config_digest?: string;
  architecture?: string;
  layers?: FixtureLayer[];
  diff_ids?: string[];
  index?: boolean;
  platforms?: { digest: string; platform: { os: string; architecture: string; variant?: string } }[];
}

export function fixturesAvailable(): boolean {
  return existsSync(join(IMAGES_DIR, 'fixtures.json')) && existsSync(join(OCI_LAYOUT, 'index.json'));
}

/** Message for `t.skip()` / `describe(…, { skip })` when the images are missing. */
export const FIXTURES_SKIP = 'no .cache/images/fixtures.json: run test/tools/build-images.sh .cache/images';

export function fixtureImage(tag: string): FixtureImage {
  const all = JSON.parse(readFileSync(join(IMAGES_DIR, 'fixtures.json'), 'utf8')) as { images: FixtureImage[] };
  const img = all.images.find((i) => i.tag === tag);
  if (!img) throw new Error(`fixtures.json has no tag ${tag}`);
  return img;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

const live = new Set<number>();
process.once('exit', () => {
  for (const pid of live) {
    try {
      process.kill(pid);
    } catch {
      // already gone
    }
  }
});

export async function startRegistry(opts: StartRegistryOptions = {}): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'drydock-registry-'));
  const storage = join(dir, 'storage');
  const runDir = join(dir, 'run');
  const common = ['--storage', storage, '--run-dir', runDir];
  const extra = [...(opts.auth ? ['--auth', `${opts.auth.user}:${opts.auth.pass}`] : []), ...(opts.tls ? ['--tls'] : [])];
  let pid = 0;
  let port = 0;
  let lastErr: unknown;
  // registry.sh can report "exited during start" when it checks the PID before exec: retry on a new port.
  for (let attempt = 0; attempt < 4 && !pid; attempt++) {
    port = await freePort();
    try {
      const { stdout } = await run('bash', [SCRIPT, 'start', '--port', String(port), ...common, ...extra], { timeout: 30_000 });
      pid = Number(stdout.trim().split('\n').pop());
    } catch (e) {
      lastErr = e;
      await run('bash', [SCRIPT, 'stop', ...common], { timeout: 15_000 }).catch(() => undefined);
    }
  }
  if (!pid) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start the test registry: ${redact(String((lastErr as { stderr?: string })?.stderr ?? lastErr), opts)}`);
  }
  live.add(pid);
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await run('bash', [SCRIPT, 'stop', ...common], { timeout: 15_000 }).catch(() => undefined);
    live.delete(pid);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (opts.push?.length) {
      if (!fixturesAvailable()) throw new Error(FIXTURES_SKIP);
      await run('bash', [SCRIPT, 'push', ...common, ...extra, OCI_LAYOUT, ...opts.push], { timeout: 120_000 });
    }
  } catch (e) {
    await stop();
    throw new Error(`pushing ${opts.push?.join(', ')} failed: ${redact(String((e as { stderr?: string }).stderr ?? e), opts)}`);
  }
  const host = `127.0.0.1:${port}`;
  return {
    url: `${opts.tls ? 'https' : 'http'}://${host}`,
    host,
    caFile: opts.tls ? join(runDir, 'tls/server.crt') : undefined,
    runDir,
    stop,
  };
}

/** The script's command lines carry USER:PASS; keep them out of failure messages. */
function redact(s: string, opts: StartRegistryOptions): string {
  return opts.auth ? s.split(opts.auth.pass).join('***') : s;
}
