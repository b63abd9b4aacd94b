// A connection to one registry: scheme discovery (/v2/ ping), auth retries and HTTP-status → DrydockError mapping.
import type { Agent } from 'undici';
import { DrydockError } from '../../errors.js';
import type { OpenImageOptions } from '../types.js';
import { Authenticator, authFailed } from './auth.js';
import { loadDockerCredentials, type Credentials } from './docker-config.js';
import { createAgent, header, isCertError, networkError, readLimited, send, type HttpResponse, type HttpSettings } from './http.js';
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

export class RegistryClient {
  readonly host: string;
  readonly agent: Agent;
  readonly auth: Authenticator;
  private origin?: Promise<string>;

  constructor(
    readonly ref: ImageReference,
    readonly opts: RegistryOptions = {},
  ) {
    this.host = ref.apiHost;
    this.agent = createAgent(opts);
    this.auth = new Authenticator({
      host: ref.registry,
      agent: this.agent,
      settings: opts,
      credentials: () => this.credentials(),
    });
  }

  private async credentials(): Promise<Credentials | undefined> {
    const { username, password } = this.opts;
    if (username !== undefined || password !== undefined) return { username, password, source: '--username/--password' };
    return loadDockerCredentials(this.ref.registry, this.opts.dockerConfigDir);
  }

  /** `https://host` or, for --insecure / loopback registries that do not speak TLS, `http://host` (like docker). */
  base(): Promise<string> {
    this.origin ??= this.ping();
    return this.origin;
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
    const base = await this.base();
    const url = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : base + pathOrUrl;
    for (let round = 0; ; round++) {
      const authorization = await this.auth.authorization(repository);
      const h = authorization ? { ...headers, authorization } : headers;
      let res: HttpResponse;
      try {
        res = await send(url, { method, headers: h, agent: this.agent, settings: this.opts });
      } catch (e) {
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

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
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
