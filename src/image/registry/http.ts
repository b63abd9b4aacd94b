// One HTTP exchange with a registry: TLS settings, timeouts, bounded retries, redirects that drop credentials.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import type { Agent } from 'undici';
import { DrydockError, errorMessage } from '../../errors.js';
import { lazyRequire } from '../../lazy-require.js';

/**
 * undici, loaded the first time a registry is contacted: loading it takes ~150 ms (110 modules), and scans of image
 * archives, layouts and directories never need it, though they load code that imports this file.
 */
export const undici = lazyRequire<typeof import('undici')>('undici');

export interface HttpSettings {
  insecure?: boolean;
  caFile?: string;
  /** time to response headers and max idle time while reading a body, ms (default 30 s / 60 s) */
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** attempts for 429/5xx/connection resets (default 3) and the first backoff (default 300 ms) */
  attempts?: number;
  backoffMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable & { dump(): Promise<void> };
  /** final URL after redirects */
  url: string;
}

/** CA bundles read from --ca-file / SSL_CERT_FILE, by content: one TLS context each, built once per process. */
const secureContexts = new Map<string, SecureContext>();
/** Agents (connection pools with keep-alive and TLS session reuse) shared by every client with the same settings. */
const agents = new Map<string, Agent>();

function readCa(s: HttpSettings): string | undefined {
  const caFile = s.caFile ?? process.env.SSL_CERT_FILE;
  if (!caFile) return undefined;
  try {
    return readFileSync(caFile, 'utf8');
  } catch (e) {
    throw new DrydockError('USAGE', `cannot read CA file ${caFile}: ${errorMessage(e)}`, { cause: e });
  }
}

function newAgent(s: HttpSettings, caPem: string | undefined, caKey: string): Agent {
  let secureContext: SecureContext | undefined;
  if (caPem !== undefined) {
    // Node's `ca` replaces the defaults; keep the public roots so other registries still work. Parsing ~150 roots
    // costs 100+ ms, which `ca` on tls.connect would pay again for every connection: build the context once.
    secureContext = secureContexts.get(caKey);
    if (!secureContext) {
      secureContext = createSecureContext({ ca: [...rootCertificates, caPem] });
      secureContexts.set(caKey, secureContext);
    }
  }
  return new (undici().Agent)({
    connect: { secureContext, rejectUnauthorized: !s.insecure, timeout: s.headersTimeoutMs ?? 30_000 },
    headersTimeout: s.headersTimeoutMs ?? 30_000,
    bodyTimeout: s.bodyTimeoutMs ?? 60_000,
  });
}

/** A new agent of its own (the caller closes it). */
export function createAgent(s: HttpSettings): Agent {
  const caPem = readCa(s);
  return newAgent(s, caPem, caPem === undefined ? '' : sha256(caPem));
}

/**
 * The process-wide agent for these TLS/timeout settings, and its key. Everything that decides whom we trust is in
 * the key (insecure, the CA bundle's content), so a client never rides on a connection another client verified
 * differently. Idle keep-alive sockets are unref'd by undici: a shared agent never holds the process open.
 */
export function sharedAgent(s: HttpSettings): { agent: Agent; key: string } {
  const caPem = readCa(s);
  const caKey = caPem === undefined ? '' : sha256(caPem);
  const key = `${s.insecure ? 'insecure' : 'verify'}|${caKey}|${s.headersTimeoutMs ?? ''}|${s.bodyTimeoutMs ?? ''}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = newAgent(s, caPem, caKey);
    agents.set(key, agent);
  }
  return { agent, key };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function header(res: { headers: HttpResponse['headers'] }, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRY_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);
const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID', 'CERT_UNTRUSTED',
]);

export function errorCode(e: unknown): string | undefined {
  const any = e as { code?: unknown; cause?: { code?: unknown } } | undefined;
  if (typeof any?.code === 'string' && any.code !== 'UND_ERR') return any.code;
  return typeof any?.cause?.code === 'string' ? any.cause.code : undefined;
}

export function isCertError(e: unknown): boolean {
  return CERT_CODES.has(errorCode(e) ?? '');
}

/** A transport failure as one line naming the host; never includes headers. */
export function networkError(host: string, e: unknown): DrydockError {
  if (e instanceof DrydockError) return e;
  const code = errorCode(e) ?? '';
  const tlsHint = 'pass --insecure for a self-signed registry, or add its CA with --ca-file / SSL_CERT_FILE';
  if (CERT_CODES.has(code))
    return new DrydockError('NETWORK', `TLS certificate of registry ${host} is not trusted (${code})`, { cause: e, hint: tlsHint });
  if (code === 'EPROTO' || /wrong version number|ssl/i.test(errorMessage(e)))
    return new DrydockError('NETWORK', `TLS handshake with registry ${host} failed`, {
      cause: e,
      hint: 'if the registry speaks plain HTTP, pass --insecure',
    });
  const what: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found (DNS)',
    EAI_AGAIN: 'DNS lookup failed',
    ECONNRESET: 'connection reset',
    ETIMEDOUT: 'connection timed out',
    UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
    UND_ERR_HEADERS_TIMEOUT: 'no response (timeout)',
    UND_ERR_BODY_TIMEOUT: 'response stalled (timeout)',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
  };
  return new DrydockError('NETWORK', `cannot reach registry ${host}: ${what[code] ?? (code || errorMessage(e).slice(0, 200))}`, {
    cause: e,
    hint: 'check the registry address, your network/proxy, and that the registry is running',
  });
}

export interface SendOptions {
  method: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  agent: Agent;
  settings: HttpSettings;
  /** only redirect targets on this origin get the Authorization header */
  maxRedirects?: number;
}

/**
 * Sends one request with retries on 429/5xx and connection resets (GET/HEAD only), following
 * redirects by hand so that Authorization never leaves the origin it was meant for (S3-style blob storage).
 * Transport errors are raw: callers map them (scheme fallback needs the code).
 */
export async function send(url: string, o: SendOptions): Promise<HttpResponse> {
  const attempts = o.method === 'POST' ? 1 : Math.max(1, o.settings.attempts ?? 3);
  const backoff = o.settings.backoffMs ?? 300;
  for (let attempt = 1; ; attempt++) {
    let res: HttpResponse;
    try {
      res = await follow(url, o);
    } catch (e) {
      if (attempt < attempts && RETRY_CODES.has(errorCode(e) ?? '')) {
        await sleep(backoff * 2 ** (attempt - 1));
        continue;
      }
      throw e;
    }
    if (attempt < attempts && RETRY_STATUS.has(res.status)) {
      await res.body.dump().catch(() => undefined);
      const after = Number(header(res, 'retry-after'));
      await sleep(Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 10_000) : backoff * 2 ** (attempt - 1));
      continue;
    }
    return res;
  }
}

async function follow(start: string, o: SendOptions): Promise<HttpResponse> {
  let url = new URL(start);
  const origin = url.origin;
  let method = o.method;
  for (let hop = 0; ; hop++) {
    const headers = { ...o.headers };
    if (url.origin !== origin) delete headers.authorization;
    const res = await undici().request(url, {
      method,
      headers,
      body: method === 'POST' ? o.body : undefined,
      dispatcher: o.agent,
      headersTimeout: o.settings.headersTimeoutMs ?? 30_000,
      bodyTimeout: o.settings.bodyTimeoutMs ?? 60_000,
    });
    const location = header(res, 'location');
    if (![301, 302, 303, 307, 308].includes(res.statusCode) || !location) {
      return { status: res.statusCode, headers: res.headers, body: res.body, url: url.toString() };
    }
    await res.body.dump().catch(() => undefined);
    if (hop >= (o.maxRedirects ?? 5)) throw new DrydockError('NETWORK', `too many redirects from ${new URL(start).host}`);
    const next = new URL(location, url);
    if (next.protocol !== 'https:' && next.protocol !== 'http:')
      throw new DrydockError('NETWORK', `registry ${new URL(start).host} redirected to an unsupported URL scheme`);
    if (res.statusCode === 303) method = 'GET';
    url = next;
  }
}

/** Reads a small body (manifests, configs, tokens) with a size cap. */
export async function readLimited(body: Readable, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of body) {
    n += (c as Buffer).length;
    if (n > limit) {
      body.destroy();
      throw new DrydockError('LIMIT', `${what} is larger than ${limit} bytes`);
    }
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}
