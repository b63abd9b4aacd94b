// Credentials the way `docker login` stores them: config.json auths, credHelpers and credsStore helpers.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DrydockError, errorMessage } from '../../errors.js';
import { DOCKER_HUB, DOCKER_HUB_CONFIG_KEY } from './reference.js';

export interface Credentials {
  username?: string;
  password?: string;
  /** OAuth2 refresh token (`identitytoken` / helper Username `<token>`) */
  identityToken?: string;
  /** where they came from, for messages (never the secret itself) */
  source: string;
}

const AuthEntry = z
  .object({
    auth: z.string().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    identitytoken: z.string().optional(),
  })
  .passthrough();

const DockerConfig = z
  .object({
    auths: z.record(AuthEntry).optional(),
    credHelpers: z.record(z.string()).optional(),
    credsStore: z.string().optional(),
  })
  .passthrough();

const HelperOutput = z.object({ Username: z.string().optional().default(''), Secret: z.string() }).passthrough();

export function dockerConfigPath(dir?: string): string {
  const base = dir ?? process.env.DOCKER_CONFIG ?? join(homedir(), '.docker');
  return join(base, 'config.json');
}

/** Host part of a config.json key: `https://index.docker.io/v1/` → `index.docker.io`. */
function keyHost(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
}

function sameRegistry(key: string, registry: string): boolean {
  const host = keyHost(key);
  if (registry === DOCKER_HUB) return ['index.docker.io', 'docker.io', 'registry-1.docker.io'].includes(host);
  return host === registry.toLowerCase();
}

/** What `docker` hands to credential helpers for this registry. */
export function serverKey(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_CONFIG_KEY : registry;
}

/**
 * Credentials for a registry from Docker's config; undefined when there are none.
 * A missing or unreadable config is not an error (anonymous pulls must keep working); a malformed one is.
 */
export async function loadDockerCredentials(registry: string, configDir?: string): Promise<Credentials | undefined> {
  const path = dockerConfigPath(configDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  let cfg: z.infer<typeof DockerConfig>;
  try {
    cfg = DockerConfig.parse(JSON.parse(text));
  } catch {
    // No cause and no excerpt: the file holds secrets.
    throw new DrydockError('INVALID_INPUT', `docker config ${path} is not valid JSON of the expected shape`, {
      hint: 'fix or remove the file, or set DOCKER_CONFIG to another directory',
    });
  }
  const helperKey = Object.keys(cfg.credHelpers ?? {}).find((k) => sameRegistry(k, registry));
  const helper = helperKey ? cfg.credHelpers![helperKey] : cfg.credsStore;
  if (helper) {
    const fromHelper = await runCredentialHelper(helper, serverKey(registry));
    if (fromHelper) return fromHelper;
  }
  const entryKey = Object.keys(cfg.auths ?? {}).find((k) => sameRegistry(k, registry));
  const entry = entryKey ? cfg.auths![entryKey] : undefined;
  if (!entry) return undefined;
  const source = `${path} (auths)`;
  let { username, password } = entry;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i < 0) throw new DrydockError('INVALID_INPUT', `docker config ${path}: the auth entry for ${registry} is not base64 of user:password`);
    username = decoded.slice(0, i);
    password = decoded.slice(i + 1);
  }
  if (entry.identitytoken) return { username, identityToken: entry.identitytoken, source };
  if (!username && !password) return undefined;
  return { username, password, source };
}

/** Runs `docker-credential-<name> get`; a missing helper or "not found" means no credentials. */
export async function runCredentialHelper(name: string, server: string, timeoutMs = 10_000): Promise<Credentials | undefined> {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new DrydockError('INVALID_INPUT', `invalid credential helper name "${name.slice(0, 60)}"`);
  const bin = `docker-credential-${name}`;
  const { code, stdout, stderr, spawnError } = await new Promise<{ code: number | null; stdout: string; stderr: string; spawnError?: NodeJS.ErrnoException }>(
    (resolve) => {
      const child = spawn(bin, ['get'], { stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
      child.on('error', (e) => resolve({ code: null, stdout: out, stderr: err, spawnError: e }));
      child.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
      child.stdin.on('error', () => undefined);
      child.stdin.end(server);
    },
  );
  if (spawnError?.code === 'ENOENT') return undefined;
  const combined = `${stdout}\n${stderr}`;
  if (code !== 0 && /credentials not found/i.test(combined)) return undefined;
  if (code !== 0 || spawnError) {
    // Helpers print only error text on failure; still keep it short and never include stdout (could carry a secret).
    const why = spawnError ? errorMessage(spawnError) : stderr.trim().split('\n')[0]?.slice(0, 160) || `exit code ${code}`;
    throw new DrydockError('AUTH', `credential helper ${bin} failed for ${server}: ${why}`, {
      hint: 'run docker login again, or pass --username/--password',
    });
  }
  const parsed = HelperOutput.safeParse(safeJson(stdout));
  if (!parsed.success) throw new DrydockError('AUTH', `credential helper ${bin} returned unexpected output for ${server}`);
  const { Username, Secret } = parsed.data;
  const source = bin;
  if (Username === '<token>') return { identityToken: Secret, source };
  return { username: Username, password: Secret, source };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
