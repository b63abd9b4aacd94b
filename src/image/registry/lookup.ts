// Registry look-ups that need no image: tag lists (paginated) and tag → digest resolution.
import { z } from 'zod';
import { DrydockError } from '../../errors.js';
import { RegistryClient, statusError, type RegistryOptions } from './client.js';
import { header, readLimited } from './http.js';
import { MANIFEST_ACCEPT, fetchManifest, manifestPath } from './manifest.js';
import { parseReference } from './reference.js';
import { appendAll } from '../../collections.js';

const TagList = z.object({ name: z.string().optional(), tags: z.array(z.string()).nullable().optional() }).passthrough();
const MAX_PAGES = 1000;

/** `<…>; rel="next"` from a Link header, resolved against the current URL; only same-origin links are followed. */
export function nextLink(link: string | undefined, current: string): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    // `<url>; params` read with indexOf: the registry writes this header, and /<([^>]*)>…/ rescanned it from every "<"
    const p = part.trim();
    const close = p.indexOf('>');
    if (!p.startsWith('<') || close < 0) continue;
    const params = p.slice(close + 1).trimStart();
    if (!params.startsWith(';') || !/rel="?next"?/i.test(params)) continue;
    const next = new URL(p.slice(1, close), current);
    if (next.origin !== new URL(current).origin) return undefined;
    return next.toString();
  }
  return undefined;
}

/** All tags of the reference's repository (the tag/digest in `reference` is ignored). */
export async function listTags(reference: string, opts: RegistryOptions = {}): Promise<string[]> {
  const ref = parseReference(reference);
  const client = new RegistryClient(ref, opts);
  try {
    const tags: string[] = [];
    let url: string | undefined = `${await client.base()}/v2/${ref.repository}/tags/list${opts.pageSize ? `?n=${opts.pageSize}` : ''}`;
    for (let page = 0; url; page++) {
      if (page >= MAX_PAGES) throw new DrydockError('LIMIT', `tag list of ${ref.registry}/${ref.repository} has more than ${MAX_PAGES} pages`);
      const res = await client.request(ref.repository, url, 'GET', { accept: 'application/json' });
      if (res.status !== 200) throw await statusError(res, 'tag list', `${ref.registry}/${ref.repository}`, ref.registry);
      const body = await readLimited(res.body, 8 << 20, `tag list of ${ref.registry}/${ref.repository}`);
      const parsed = TagList.safeParse(safeJson(body.toString('utf8')));
      if (!parsed.success) throw new DrydockError('INVALID_INPUT', `registry ${ref.registry} returned a malformed tag list`);
      appendAll(tags, parsed.data.tags ?? []);
      url = nextLink(header(res, 'link'), url);
    }
    return tags;
  } finally {
    await client.close();
  }
}

/** The manifest digest a reference points to now (HEAD, falling back to GET + sha256). */
export async function resolveDigest(reference: string, opts: RegistryOptions = {}): Promise<string> {
  const ref = parseReference(reference);
  const client = new RegistryClient(ref, opts);
  try {
    const res = await client.request(ref.repository, manifestPath(ref), 'HEAD', { accept: MANIFEST_ACCEPT });
    await res.body.dump().catch(() => undefined);
    if (res.status === 404) throw new DrydockError('NOT_FOUND', `manifest unknown: ${ref.familiar}`);
    const claimed = header(res, 'docker-content-digest');
    if (res.status === 200 && claimed && /^sha(256|512):[a-f0-9]+$/.test(claimed) && (!ref.digest || claimed === ref.digest)) return claimed;
    // Some registries do not answer HEAD or omit the header: compute it from the bytes.
    return (await fetchManifest(client, ref)).digest;
  } finally {
    await client.close();
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}
