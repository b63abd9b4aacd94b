// Alpine secdb (`v3.14/main.json`, and the older YAML): `secfixes: { <fixed version>: [CVE…] }` per aport.
// A fixed version of "0" means this branch was never affected, so no advisory is stored for it.
import { z } from 'zod';
import { compareVersions } from '../../versioning/index.js';
import type { ImportContext } from './context.js';
import type { VulnRecord } from '../types.js';

export const SECDB_SOURCE = 'alpine-secdb';

const secdbSchema = z
  .object({
    distroversion: z.string(),
    reponame: z.string().optional(),
    packages: z.array(
      z.object({
        pkg: z.object({
          name: z.string(),
          secfixes: z.record(z.array(z.union([z.string(), z.number()])).nullable()).nullish(),
        }),
      }),
    ),
  })
  .passthrough();

export function looksLikeSecdb(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && 'distroversion' in doc && 'packages' in doc;
}

const ID = /^(CVE-\d{4}-\d{4,}|[A-Z][A-Z0-9]*-[A-Za-z0-9._-]+)$/;

export function importSecdb(ctx: ImportContext, doc: unknown, origin: string): number {
  const parsed = secdbSchema.safeParse(doc);
  if (!parsed.success) {
    ctx.warn({ file: origin, message: `skipped: not an Alpine secdb document (${parsed.error.issues[0]?.message})` });
    return 0;
  }
  const { distroversion } = parsed.data;
  const ecosystem = `Alpine:${distroversion.startsWith('v') ? distroversion : 'v' + distroversion}`;
  let stored = 0;
  let malformed = 0;
  for (const { pkg } of parsed.data.packages) {
    // one CVE can be listed under several versions (re-fixes): the lowest fixes it
    const fixes = new Map<string, string>();
    const aliases = new Map<string, string[]>();
    for (const [version, ids] of Object.entries(pkg.secfixes ?? {})) {
      for (const raw of ids ?? []) {
        // lines hold one id, or a CVE plus its Xen XSA ("CVE-2019-17340 XSA-284"); "CVE-????-????? XSA-284"
        // means no CVE yet; "CVE 2018-16859" is a typo of the CVE form
        const tokens = String(raw)
          .trim()
          .replace(/^CVE\s+(\d{4}-\d+)/, 'CVE-$1')
          .split(/\s+/)
          .filter((t) => ID.test(t));
        const id = tokens[0];
        if (!id) {
          malformed++;
          continue;
        }
        if (tokens.length > 1) aliases.set(id, tokens.slice(1));
        const prev = fixes.get(id);
        if (prev === '0') continue;
        if (version === '0' || prev === undefined || compareVersions('apk', version, prev) < 0) fixes.set(id, version);
      }
    }
    for (const [id, fixed] of fixes) {
      if (fixed === '0') continue;
      const rec: VulnRecord = {
        id,
        source: SECDB_SOURCE,
        aliases: aliases.get(id) ?? [],
        related: [],
        severity: [],
        references: [`https://security.alpinelinux.org/vuln/${id}`],
        affected: [{ ecosystem, name: pkg.name, entry: { ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] } }],
      };
      ctx.writer.putVuln(rec, `alpine-secdb:${distroversion}:${pkg.name}:${id}`);
      ctx.progress();
      stored++;
    }
  }
  if (malformed > 0) ctx.warn({ file: origin, message: `${malformed} malformed vulnerability id(s) ignored` });
  ctx.seenSource(SECDB_SOURCE, 'alpine-secdb');
  return stored;
}
