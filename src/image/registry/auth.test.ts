// Auth against a real registry with htpasswd (Basic), and a Docker-style token server + proxy in front of it (Bearer).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { request } from 'undici';
import { DrydockError } from '../../errors.js';
import { errorToExit } from '../../cli/io.js';
import { FIXTURES_SKIP, fixtureImage, fixturesAvailable, startRegistry, type TestRegistry } from '../../../test/helpers/registry.js';
import { listTags, openRegistryImage, resolveDigest, type RegistryOptions } from './index.js';
import { makeTempDir } from '../../../test/helpers/tmp.js';

const skip = fixturesAvailable() ? false : FIXTURES_SKIP;
const USER = 'drydock';
const PASS = 'S3cr3t-Pa55:w0rd';
const B64 = Buffer.from(PASS).toString('base64');

/** Everything a user could see from an error; none of it may contain the password. */
function visible(e: unknown): string {
  let out = '';
  errorToExit(e, { stderr: { write: (s: string) => ((out += s), true) } as unknown as NodeJS.WritableStream });
  let c: unknown = e;
  for (let i = 0; c && i < 5; i++, c = (c as { cause?: unknown }).cause) out += `\n${String(c)}\n${(c as Error).stack ?? ''}\n${JSON.stringify(c)}`;
  return out;
}
function assertNoSecret(e: unknown): void {
  const v = visible(e);
  assert.ok(!v.includes(PASS) && !v.includes(B64) && !v.includes('S3cr3t'), 'password leaked into error output');
}

async function digestOfFirstLayer(ref: string, opts: RegistryOptions): Promise<{ manifest?: string; layer: string }> {
  const src = await openRegistryImage(ref, opts);
  try {
    const m = await src.metadata();
    const { createHash } = await import('node:crypto');
    const h = createHash('sha256');
    for await (const c of await src.openLayer(m.layers[0])) h.update(c as Buffer);
    return { manifest: m.manifestDigest, layer: `sha256:${h.digest('hex')}` };
  } finally {
    await src.close();
  }
}

function tempDir(): string {
  return makeTempDir('drydock-auth-');
}

describe('basic auth (real registry with htpasswd)', { skip }, () => {
  let reg: TestRegistry;
  let ref: string;
  const dirs: string[] = [];
  before(async () => {
    reg = await startRegistry({ auth: { user: USER, pass: PASS }, push: ['mini-base'] });
    ref = `${reg.host}/imagelab/mini-base:latest`;
  });
  after(async () => {
    await reg?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const fx = () => fixtureImage('mini-base');

  it('pulls with the right password', async () => {
    const got = await digestOfFirstLayer(ref, { username: USER, password: PASS });
    assert.equal(got.manifest, fx().manifest_digest);
    assert.equal(got.layer, fx().layers![0].digest);
  });

  it('a wrong password is one AUTH line, exit 2, without the password', async () => {
    const wrong = PASS + 'x';
    await assert.rejects(openRegistryImage(ref, { username: USER, password: wrong }), (e: unknown) => {
      assert.ok(e instanceof DrydockError);
      assert.equal(e.code, 'AUTH');
      assert.equal(
        e.message,
        `authentication to ${reg.host} failed for repository imagelab/mini-base (HTTP 401): check --username/--password or run docker login`,
      );
      assert.equal(errorToExit(e, { stderr: { write: () => true } as unknown as NodeJS.WritableStream }), 2);
      assert.ok(!visible(e).includes(wrong));
      assertNoSecret(e);
      return true;
    });
  });

  it('without credentials says authentication is required', async () => {
    await assert.rejects(openRegistryImage(ref, { dockerConfigDir: tempDir() }), (e: unknown) => {
      assert.ok(e instanceof DrydockError && e.code === 'AUTH');
      assert.equal(e.message, `authentication required by ${reg.host} for repository imagelab/mini-base (HTTP 401)`);
      return true;
    });
  });

  it('reads auths from config.json (base64 auth, username/password, $DOCKER_CONFIG)', async () => {
    const d1 = tempDir();
    const d2 = tempDir();
    dirs.push(d1, d2);
    writeFileSync(join(d1, 'config.json'), JSON.stringify({ auths: { [`https://${reg.host}`]: { auth: Buffer.from(`${USER}:${PASS}`).toString('base64') } } }));
    writeFileSync(join(d2, 'config.json'), JSON.stringify({ auths: { [reg.host]: { username: USER, password: PASS } } }));
    assert.equal(await resolveDigest(ref, { dockerConfigDir: d1 }), fx().manifest_digest);
    const old = process.env.DOCKER_CONFIG;
    process.env.DOCKER_CONFIG = d2;
    try {
      assert.deepEqual(await listTags(ref), ['latest']);
    } finally {
      if (old === undefined) delete process.env.DOCKER_CONFIG;
      else process.env.DOCKER_CONFIG = old;
    }
    // --username/--password win over config.json
    await assert.rejects(resolveDigest(ref, { dockerConfigDir: d1, username: USER, password: 'nope' }), { code: 'AUTH' });
  });

  it('asks credHelpers / credsStore helpers, with the server on stdin', async () => {
    const bin = tempDir();
    const cfg = tempDir();
    dirs.push(bin, cfg);
    const log = join(bin, 'stdin.log');
    writeFileSync(
      join(bin, 'docker-credential-test'),
      `#!/bin/sh\n[ "$1" = get ] || exit 3\nread -r server || true\necho "$server" >> '${log}'\n` +
        `if [ "$server" = '${reg.host}' ]; then printf '{"ServerURL":"%s","Username":"${USER}","Secret":"${PASS}"}' "$server"; ` +
        `else echo 'credentials not found in native keychain'; exit 1; fi\n`,
    );
    chmodSync(join(bin, 'docker-credential-test'), 0o755);
    const oldPath = process.env.PATH;
    process.env.PATH = `${bin}${delimiter}${oldPath}`;
    try {
      writeFileSync(join(cfg, 'config.json'), JSON.stringify({ credHelpers: { [reg.host]: 'test' }, auths: { [reg.host]: {} } }));
      assert.equal(await resolveDigest(ref, { dockerConfigDir: cfg }), fx().manifest_digest);
      writeFileSync(join(cfg, 'config.json'), JSON.stringify({ credsStore: 'test' }));
      assert.equal(await resolveDigest(ref, { dockerConfigDir: cfg }), fx().manifest_digest);
      assert.deepEqual(readFileSync(log, 'utf8').trim().split('\n'), [reg.host, reg.host]);
      // A helper that has nothing for this registry means anonymous; a missing helper too.
      writeFileSync(join(cfg, 'config.json'), JSON.stringify({ credHelpers: { [reg.host]: 'does-not-exist' } }));
      await assert.rejects(resolveDigest(ref, { dockerConfigDir: cfg }), /authentication required/);
    } finally {
      process.env.PATH = oldPath;
    }
  });
});

interface TokenServer {
  url: string;
  host: string;
  tokenRequests: { method: string; scope: string | null; service: string | null; auth?: string; body?: string }[];
  /** when set, every issued token is accepted only once (forces the stale-token retry) */
  singleUse: boolean;
  close(): Promise<void>;
}

/** A Docker-Hub-like front: /token issues bearer tokens for Basic creds or a refresh token; /v2/* needs them and proxies. */
async function startTokenProxy(upstream: TestRegistry, refreshToken: string): Promise<TokenServer> {
  const tokens = new Map<string, string>(); // token -> scope
  let n = 0;
  const state: TokenServer = { url: '', host: '', tokenRequests: [], singleUse: false, close: async () => undefined };
  const body = async (req: IncomingMessage) => {
    let s = '';
    for await (const c of req) s += c;
    return s;
  };
  const server: Server = createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', state.url);
    if (u.pathname === '/token') {
      const form = req.method === 'POST' ? new URLSearchParams(await body(req)) : undefined;
      const scope = form ? form.get('scope') : u.searchParams.get('scope');
      state.tokenRequests.push({ method: req.method ?? '', scope, service: form ? form.get('service') : u.searchParams.get('service'), auth: req.headers.authorization, body: form?.toString() });
      const basicOk = req.headers.authorization === 'Basic ' + Buffer.from(`${USER}:${PASS}`).toString('base64');
      const refreshOk = form?.get('grant_type') === 'refresh_token' && form.get('refresh_token') === refreshToken;
      if (!basicOk && !refreshOk) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"incorrect username or password"}');
        return;
      }
      const token = `tok-${++n}`;
      tokens.set(token, scope ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      // Docker Hub answers both fields; OAuth2 endpoints only access_token.
      res.end(JSON.stringify(form ? { access_token: token, expires_in: 300 } : { token, expires_in: 300 }));
      return;
    }
    const repo = /^\/v2\/(.+?)\/(manifests|blobs|tags)\//.exec(u.pathname)?.[1];
    const scope = repo ? `repository:${repo}:pull` : undefined;
    const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!presented || !tokens.has(presented) || (scope && tokens.get(presented) !== scope)) {
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="${state.url}/token",service="test-registry"${scope ? `,scope="${scope}"` : ''}`,
        'content-type': 'application/json',
      });
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      return;
    }
    if (state.singleUse) tokens.delete(presented);
    const up = await request(`${upstream.url}${req.url}`, {
      method: req.method as 'GET' | 'HEAD',
      headers: { accept: req.headers.accept ?? '*/*', authorization: 'Basic ' + Buffer.from(`${USER}:${PASS}`).toString('base64') },
    });
    const keep: Record<string, string> = {};
    for (const h of ['content-type', 'content-length', 'docker-content-digest', 'link']) {
      const v = up.headers[h];
      if (typeof v === 'string') keep[h] = v;
    }
    res.writeHead(up.statusCode, keep);
    if (req.method === 'HEAD') {
      await up.body.dump();
      res.end();
    } else {
      up.body.pipe(res);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  state.host = `127.0.0.1:${port}`;
  state.url = `http://${state.host}`;
  state.close = () => new Promise((r) => server.close(() => r()));
  return state;
}

describe('bearer token flow (token server + proxy in front of the real registry)', { skip }, () => {
  let reg: TestRegistry;
  let proxy: TokenServer;
  let ref: string;
  const dirs: string[] = [];
  before(async () => {
    reg = await startRegistry({ auth: { user: USER, pass: PASS }, push: ['mini-base'] });
    proxy = await startTokenProxy(reg, 'refresh-abc');
    ref = `${proxy.host}/imagelab/mini-base:latest`;
  });
  after(async () => {
    await proxy?.close();
    await reg?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('gets one scoped token with Basic creds and reuses it for manifest, config and layer', async () => {
    proxy.tokenRequests.length = 0;
    const got = await digestOfFirstLayer(ref, { username: USER, password: PASS });
    assert.equal(got.manifest, fixtureImage('mini-base').manifest_digest);
    assert.equal(got.layer, fixtureImage('mini-base').layers![0].digest);
    assert.equal(proxy.tokenRequests.length, 1);
    assert.deepEqual(
      { ...proxy.tokenRequests[0], auth: Boolean(proxy.tokenRequests[0].auth) },
      { method: 'GET', scope: 'repository:imagelab/mini-base:pull', service: 'test-registry', auth: true, body: undefined },
    );
  });

  it('fetches a new token when the registry rejects a stale one', async () => {
    proxy.tokenRequests.length = 0;
    proxy.singleUse = true;
    try {
      assert.equal(await resolveDigest(ref, { username: USER, password: PASS }), fixtureImage('mini-base').manifest_digest);
      const src = await openRegistryImage(ref, { username: USER, password: PASS });
      await src.close();
      assert.ok(proxy.tokenRequests.length >= 3, `token requests: ${proxy.tokenRequests.length}`);
    } finally {
      proxy.singleUse = false;
    }
  });

  it('reports a wrong password at the token server as AUTH without the password', async () => {
    await assert.rejects(openRegistryImage(ref, { username: USER, password: 'wrong-' + PASS }), (e: unknown) => {
      assert.ok(e instanceof DrydockError && e.code === 'AUTH');
      assert.equal(
        e.message,
        `authentication to ${proxy.host} failed for repository imagelab/mini-base (HTTP 401): check --username/--password or run docker login`,
      );
      assertNoSecret(e);
      return true;
    });
  });

  it('uses an identitytoken from config.json as an OAuth2 refresh token', async () => {
    const cfg = tempDir();
    dirs.push(cfg);
    writeFileSync(join(cfg, 'config.json'), JSON.stringify({ auths: { [proxy.host]: { auth: '', identitytoken: 'refresh-abc' } } }));
    proxy.tokenRequests.length = 0;
    assert.deepEqual(await listTags(ref, { dockerConfigDir: cfg }), ['latest']);
    assert.equal(proxy.tokenRequests.length, 1);
    const form = new URLSearchParams(proxy.tokenRequests[0].body);
    assert.equal(proxy.tokenRequests[0].method, 'POST');
    assert.equal(form.get('grant_type'), 'refresh_token');
    assert.equal(form.get('scope'), 'repository:imagelab/mini-base:pull');
  });
});
