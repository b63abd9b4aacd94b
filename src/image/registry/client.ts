// A connection to one registry: scheme discovery (/v2/ ping), auth retries and HTTP-status → DrydockError mapping.
import { createHash } from 'node:crypto';
import type { Agent } from 'undici';
import { DrydockError } from '../../errors.js';
import type { OpenImageOptions } from '../types.js';
import { Authenticator, authFailed } from './auth.js';
import { loadDockerCredentials, type Credentials } from './docker-config.js';
import { sharedAgent, header, isCertError, networkError, readLimited, send, type HttpResponse, type HttpSettings } from './http.js';
import type { ImageReference } from './reference.js';

/** OpenImageOptions plus knobs used by tests and callers that need them. */
export interface RegistryOptions extends OpenImageOptions, HttpSettings {
  /** directory holding config.json instead of $DOCKER_CONFIG / ~/.docker */
  dockerConfigDir?: string;
  /** tags per page for listTags (registry default when unset) */
  pageSize?: number;
}

function isLoopback(host: string): boolean {
  const h = host.replace(/:\d+$/, '');
  return h === 'localhost' || h === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * What one process learns about a registry and reuses in every client (advice opens ~10 clients to one registry):
 * - the scheme (`https://` or, where allowed, `http://`), keyed by host and the TLS settings that decided it, so
 *   an `--insecure` client's answer never serves a verifying client; failures are not remembered;
 * - the connection pool (http.ts `sharedAgent`);
 * - the auth session (challenge, credentials, bearer tokens per scope until expiry), keyed by registry host, TLS
 *   settings and credentials identity, and shared only while a client of that key is open: tokens stay in memory no
 *   longer than today, and credentials or a Basic challenge never reach a client of another host or identity.
 */
const origins = new Map<string, Promise<string>>();
const sessions = new Map<string, { auth: Authenticator; users: number }>();

const digestOf = (...parts: (string | undefined)[]) =>
  createHash('sha256')
    .update(parts.map((p) => (p === undefined ? '\u0001' : p)).join('\u0000'))
    .digest('hex');

export class RegistryClient {
  readonly host: string;
  readonly agent: Agent;
  readonly auth: Authenticator;
  private readonly originKey: string;
  private readonly sessionKey: string;
  private closed = false;

  constructor(
    readonly ref: ImageReference,
    readonly opts: RegistryOptions = {},
  ) {
    this.host = ref.apiHost;
    const shared = sharedAgent(opts);
    this.agent = shared.agent;
    this.originKey = `${this.host}|${shared.key}`;
    // Everything credentials() may read goes into the identity: explicit credentials, the config dir, $DOCKER_CONFIG, $HOME.
    const identity = digestOf(opts.username, opts.password, opts.dockerConfigDir, process.env.DOCKER_CONFIG, process.env.HOME);
    this.sessionKey = `${ref.registry}|${this.host}|${shared.key}|${identity}`;
    let session = sessions.get(this.sessionKey);
    if (!session) {
      session = {
        auth: new Authenticator({
          host: ref.registry,
          agent: this.agent,
          settings: opts,
          credentials: () => this.credentials(),
        }),
        users: 0,
      };
      sessions.set(this.sessionKey, session);
    }
    session.users++;
    this.auth = session.auth;
  }

  private async credentials(): Promise<Credentials | undefined> {
    const { username, password } = this.opts;
    if (username !== undefined || password !== undefined) return { username, password, source: '--username/--password' };
    return loadDockerCredentials(this.ref.registry, this.opts.dockerConfigDir);
  }

  /** `https://host` or, for --insecure / loopback registries that do not speak TLS, `http://host` (like docker). */
  base(): Promise<string> {
    let origin = origins.get(this.originKey);
    if (!origin) {
      origin = this.ping();
      origins.set(this.originKey, origin);
      const mine = origin;
      // Only a working answer is worth sharing: the next client tries again after a failure.
      origin.catch(() => {
        if (origins.get(this.originKey) === mine) origins.delete(this.originKey);
      });
    }
    return origin;
  }

  /** Forgets the shared scheme after a transport failure (the registry may have restarted or moved). */
  private forgetOrigin(origin: Promise<string>): void {
    if (origins.get(this.originKey) === origin) origins.delete(this.originKey);
  }

  private async ping(): Promise<string> {
    const mayUseHttp = Boolean(this.opts.insecure) || isLoopback(this.host);
    const attempt = async (scheme: string): Promise<string> => {
      // A TLS hello to a plain-HTTP server looks like a reset: do not retry it when HTTP is the next try.
      const settings = scheme === 'https' && mayUseHttp ? { ...this.opts, attempts: 1 } : this.opts;
      const res = await send(`${scheme}://${this.host}/v2/`, { method: 'GET', agent: this.agent, settings });
      if (res.status === 401) this.auth.update(header(res, 'www-authenticate'), '');
      await res.body.dump().catch(() => undefined);
      return `${scheme}://${this.host}`;
    };
    try {
      return await attempt('https');
    } catch (e) {
      // Plain HTTP only when allowed, and never as an escape from an untrusted certificate.
      if (!mayUseHttp || (!this.opts.insecure && isCertError(e))) throw networkError(this.host, e);
      try {
        return await attempt('http');
      } catch (e2) {
        throw networkError(this.host, e2);
      }
    }
  }

  /**
   * Sends an authenticated request about `repository`; 401/403 become AUTH errors, other statuses are the caller's.
   * `pathOrUrl` is `/v2/...` or an absolute URL from a Link header on the same registry.
   */
  async request(repository: string, pathOrUrl: string, method: 'GET' | 'HEAD', headers: Record<string, string> = {}): Promise<HttpResponse> {
    const origin = this.base();
    const base = await origin;
    const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : base + pathOrUrl;
    for (let round = 0; ; round++) {
      const authorization = await this.auth.authorization(repository);
      const h = authorization ? { ...headers, authorization } : headers;
      let res: HttpResponse;
      try {
        res = await send(url, { method, headers: h, agent: this.agent, settings: this.opts });
      } catch (e) {
        if (!(e instanceof DrydockError)) this.forgetOrigin(origin);
        throw networkError(this.host, e);
      }
      if (res.status === 401) {
        await res.body.dump().catch(() => undefined);
        const changed = this.auth.update(header(res, 'www-authenticate'), repository);
        // Retry once: a new challenge (e.g. Docker Hub's scoped one) or a stale token may be the reason.
        if (round === 0 && (changed || authorization?.startsWith('Bearer '))) continue;
        throw authFailed(this.ref.registry, repository, 401, await this.auth.hasCredentials());
      }
      if (res.status === 403) {
        await res.body.dump().catch(() => undefined);
        throw new DrydockError('AUTH', `access to repository ${repository} on ${this.ref.registry} denied (HTTP 403)`, {
          hint: (await this.auth.hasCredentials()) ? 'the account lacks pull permission' : 'pass --username/--password or run docker login',
        });
      }
      return res;
    }
  }

  /** Leaves the auth session (dropped with its tokens when no client uses it); the shared agent stays for the next client. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const session = sessions.get(this.sessionKey);
    if (session?.auth === this.auth && --session.users <= 0) sessions.delete(this.sessionKey);
  }
}

/** The registry's error code from a JSON error body (`MANIFEST_UNKNOWN`), if any. */
export async function registryErrorCode(res: HttpResponse): Promise<string | undefined> {
  try {
    const body = await readLimited(res.body, 64 * 1024, 'error body');
    const j = JSON.parse(body.toString('utf8')) as { errors?: { code?: unknown }[] };
    const code = j.errors?.[0]?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

/** Non-2xx that is not auth: 404 → NOT_FOUND, else NETWORK with the status. */
export async function statusError(res: HttpResponse, what: string, name: string, host: string): Promise<DrydockError> {
  const code = res.status === 404 || res.status >= 400 ? await registryErrorCode(res) : undefined;
  if (res.status === 404) {
    const kind = code === 'NAME_UNKNOWN' ? 'repository unknown' : `${what} unknown`;
    return new DrydockError('NOT_FOUND', `${kind}: ${name}`, { hint: what === 'manifest' ? 'check the tag or digest' : undefined });
  }
  await res.body.dump().catch(() => undefined);
  return new DrydockError('NETWORK', `registry ${host} answered HTTP ${res.status}${code ? ` (${code})` : ''} for ${what} of ${name}`, {
    hint: res.status >= 500 || res.status === 429 ? 'the registry is failing or rate-limiting; try again later' : undefined,
  });
}
