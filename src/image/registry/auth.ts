// Registry auth: WWW-Authenticate challenges, Basic, and the Docker token flow with a per-scope token cache
// (one Authenticator per registry host and credentials identity, shared by the clients open at the same time: client.ts).
import type { Agent } from 'undici';
import { z } from 'zod';
import { DrydockError } from '../../errors.js';
import type { Credentials } from './docker-config.js';
import { readLimited, send, networkError, type HttpSettings } from './http.js';

export interface Challenge {
  scheme: string; // lowercased: 'bearer', 'basic'
  params: Record<string, string>;
}

/** Parses `Bearer realm="…",service="…",scope="a,b"` (quoted values may hold commas and escapes). */
export function parseChallenges(headerValue: string): Challenge[] {
  const out: Challenge[] = [];
  const re = /\s*([A-Za-z][A-Za-z0-9_-]*)(?:\s+|$)/y;
  const paramRe = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))\s*(,)?/y;
  let i = 0;
  const s = headerValue;
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) break;
    const ch: Challenge = { scheme: m[1].toLowerCase(), params: {} };
    i = re.lastIndex;
    for (;;) {
      paramRe.lastIndex = i;
      const p = paramRe.exec(s);
      if (!p) break;
      ch.params[p[1].toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
      i = paramRe.lastIndex;
      if (!p[4]) break;
    }
    out.push(ch);
    while (i < s.length && (s[i] === ',' || s[i] === ' ')) i++;
  }
  return out;
}

export function pickChallenge(all: Challenge[]): Challenge | undefined {
  return all.find((c) => c.scheme === 'bearer') ?? all.find((c) => c.scheme === 'basic');
}

const TokenResponse = z
  .object({
    token: z.string().optional(),
    access_token: z.string().optional(),
    expires_in: z.number().optional(),
    issued_at: z.string().optional(),
  })
  .passthrough();

export interface AuthContext {
  /** registry host for messages */
  host: string;
  agent: Agent;
  settings: HttpSettings;
  credentials: () => Promise<Credentials | undefined>;
}

export function authFailed(host: string, repository: string, status: number, hadCredentials: boolean): DrydockError {
  if (!hadCredentials)
    return new DrydockError('AUTH', `authentication required by ${host} for repository ${repository} (HTTP ${status})`, {
      hint: 'pass --username/--password or run docker login',
    });
  return new DrydockError('AUTH', `authentication to ${host} failed for repository ${repository} (HTTP ${status}): check --username/--password or run docker login`);
}

function basic(c: Credentials): string {
  return 'Basic ' + Buffer.from(`${c.username ?? ''}:${c.password ?? ''}`).toString('base64');
}

/** Holds the registry's current challenge and the tokens obtained for it. */
export class Authenticator {
  challenge?: Challenge;
  // Promises, so that parallel layer downloads share one token request.
  private tokens = new Map<string, { token: Promise<string>; expires: number }>();
  private creds?: Promise<Credentials | undefined>;

  constructor(private readonly ctx: AuthContext) {}

  credentials(): Promise<Credentials | undefined> {
    this.creds ??= this.ctx.credentials();
    return this.creds;
  }

  async hasCredentials(): Promise<boolean> {
    const c = await this.credentials();
    return Boolean(c && (c.username || c.password || c.identityToken));
  }

  /** The Authorization header for a pull of `repository`, or undefined when anonymous. */
  async authorization(repository: string): Promise<string | undefined> {
    const ch = this.challenge;
    if (!ch) return undefined;
    if (ch.scheme === 'basic') {
      const c = await this.credentials();
      return c && (c.username || c.password) ? basic(c) : undefined;
    }
    if (ch.scheme !== 'bearer') return undefined;
    const scope = ch.params.scope && ch.params.scope.includes(`repository:${repository}:`) ? ch.params.scope : `repository:${repository}:pull`;
    const key = `${ch.params.realm}|${ch.params.service ?? ''}|${scope}`;
    const hit = this.tokens.get(key);
    if (hit && hit.expires > Date.now()) return `Bearer ${await hit.token}`;
    // A session may now outlive one image (clients share it): drop expired tokens so the map stays small.
    if (this.tokens.size >= 64) for (const [k, v] of this.tokens) if (v.expires <= Date.now()) this.tokens.delete(k);
    const entry = { token: Promise.resolve(''), expires: Number.POSITIVE_INFINITY };
    entry.token = this.fetchToken(ch, scope, repository).then(
      ({ token, ttl }) => {
        // Renew a little early so a token does not expire between HEAD and GET.
        entry.expires = Date.now() + Math.max(ttl - 10, 5) * 1000;
        return token;
      },
      (e: unknown) => {
        if (this.tokens.get(key) === entry) this.tokens.delete(key);
        throw e;
      },
    );
    this.tokens.set(key, entry);
    return `Bearer ${await entry.token}`;
  }

  /** Adopts a challenge from a 401; returns false when retrying cannot help (same challenge, token was fresh). */
  update(headerValue: string | undefined, repository: string): boolean {
    const next = headerValue ? pickChallenge(parseChallenges(headerValue)) : undefined;
    if (!next) return false;
    const prev = this.challenge;
    this.challenge = next;
    const same = prev && prev.scheme === next.scheme && prev.params.realm === next.params.realm && prev.params.scope === next.params.scope;
    // The registry refused what we sent: drop this repository's tokens so the retry fetches a fresh one.
    for (const k of this.tokens.keys()) if (k.includes(`repository:${repository}:`)) this.tokens.delete(k);
    return !same;
  }

  private async fetchToken(ch: Challenge, scope: string, repository: string): Promise<{ token: string; ttl: number }> {
    const realm = ch.params.realm;
    let url: URL;
    try {
      url = new URL(realm ?? '');
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
    } catch {
      throw new DrydockError('AUTH', `registry ${this.ctx.host} sent a bearer challenge without a usable realm URL`);
    }
    const c = await this.credentials();
    const headers: Record<string, string> = { accept: 'application/json' };
    let method: 'GET' | 'POST' = 'GET';
    let body: string | undefined;
    if (c?.identityToken) {
      // OAuth2 refresh-token grant, as docker does for `identitytoken`.
      method = 'POST';
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: c.identityToken,
        service: ch.params.service ?? '',
        scope,
        client_id: 'drydock',
      }).toString();
    } else {
      if (ch.params.service) url.searchParams.set('service', ch.params.service);
      url.searchParams.set('scope', scope);
      if (c && (c.username || c.password)) headers.authorization = basic(c);
    }
    let res;
    try {
      res = await send(url.toString(), { method, headers, body, agent: this.ctx.agent, settings: this.ctx.settings });
    } catch (e) {
      throw networkError(url.host, e);
    }
    if (res.status === 401 || res.status === 403) {
      await res.body.dump().catch(() => undefined);
      throw authFailed(this.ctx.host, repository, res.status, Boolean(c));
    }
    if (res.status < 200 || res.status >= 300) {
      await res.body.dump().catch(() => undefined);
      throw new DrydockError('AUTH', `token server ${url.host} for ${this.ctx.host} returned HTTP ${res.status}`);
    }
    const raw = await readLimited(res.body, 1 << 20, `token response from ${url.host}`);
    let parsed;
    try {
      parsed = TokenResponse.parse(JSON.parse(raw.toString('utf8')));
    } catch {
      throw new DrydockError('AUTH', `token server ${url.host} returned an invalid token response`);
    }
    const token = parsed.token || parsed.access_token;
    if (!token) throw new DrydockError('AUTH', `token server ${url.host} returned no token`);
    return { token, ttl: parsed.expires_in && parsed.expires_in > 0 ? parsed.expires_in : 60 };
  }
}
