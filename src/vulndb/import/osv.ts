// OSV records → normalised advisories: validation, withdrawn handling, range filtering, distro ratings.
import { osvRecordSchema, describeIssues, isValidOsvRecord, type OsvRecord } from './osv-schema.js';
import type { AffectedEntry, VulnRecord } from '../types.js';
import type { ImportContext } from './context.js';

/** `Debian:12` → `osv:Debian`; the source a record is counted under. */
export function osvSourceName(rec: OsvRecord): string {
  const eco = rec.affected?.find((a) => a.package)?.package?.ecosystem ?? 'unknown';
  return `osv:${eco.split(':')[0]}`;
}

function ratingOf(a: NonNullable<OsvRecord['affected']>[number], rec: OsvRecord): string | undefined {
  // Debian (urgency) and Alpine/others (severity) put their own rating in ecosystem_specific/database_specific
  for (const bag of [a.ecosystem_specific, a.database_specific, rec.database_specific]) {
    if (!bag) continue;
    for (const key of ['urgency', 'severity']) {
      const v = bag[key];
      if (typeof v === 'string' && v.trim() !== '') return v;
    }
  }
  return undefined;
}

export function normalizeOsv(rec: OsvRecord, source = osvSourceName(rec)): VulnRecord {
  const affected: VulnRecord['affected'] = [];
  for (const a of rec.affected ?? []) {
    if (!a.package) continue;
    // GIT ranges name commits, not package versions: the explicit versions list (if any) covers them
    const ranges = (a.ranges ?? [])
      .filter((r) => r.type === 'ECOSYSTEM' || r.type === 'SEMVER')
      .map((r) => ({ type: r.type, events: r.events.map((e) => pickEvent(e)) }));
    const versions = a.versions && a.versions.length > 0 ? a.versions : undefined;
    if (ranges.length === 0 && !versions) continue;
    const entry: AffectedEntry = { ranges };
    if (versions) entry.versions = versions;
    const rating = ratingOf(a, rec);
    if (rating && !rec.id.startsWith('GHSA-')) entry.rating = rating;
    affected.push({ ecosystem: a.package.ecosystem, name: a.package.name, entry });
  }
  const ghsa = rec.database_specific?.severity;
  return {
    id: rec.id,
    source,
    modified: rec.modified,
    published: rec.published,
    aliases: rec.aliases ?? [],
    related: [...new Set([...(rec.upstream ?? []), ...(rec.related ?? [])])],
    summary: rec.summary,
    details: rec.details,
    severity: (rec.severity ?? []).map((s) => ({ type: s.type, score: s.score })),
    ghsaSeverity: typeof ghsa === 'string' ? ghsa : undefined,
    references: (rec.references ?? []).map((r) => r.url),
    affected,
  };
}

function pickEvent(e: Record<string, unknown>) {
  const out: Record<string, string> = {};
  for (const k of ['introduced', 'fixed', 'last_affected', 'limit']) if (typeof e[k] === 'string') out[k] = e[k] as string;
  return out;
}

export type ParsedOsv = { kind: 'record'; record: VulnRecord } | { kind: 'withdrawn'; id: string } | { kind: 'invalid'; message: string };

/** Validation and normalisation without side effects (also used by the zip workers). */
export function parseOsvRecord(raw: unknown): ParsedOsv {
  let rec: OsvRecord;
  if (isValidOsvRecord(raw)) rec = raw;
  else {
    const parsed = osvRecordSchema.safeParse(raw);
    if (!parsed.success) return { kind: 'invalid', message: `skipped: not a valid OSV record (${describeIssues(parsed.error)})` };
    rec = parsed.data;
  }
  if (rec.withdrawn) return { kind: 'withdrawn', id: rec.id };
  return { kind: 'record', record: normalizeOsv(rec) };
}

/**
 * Validate and store one raw OSV record; `origin` names the file/entry for warnings.
 * Returns false when the record was skipped (invalid); withdrawn records are removed from the store.
 */
export function importOsvRecord(ctx: ImportContext, raw: unknown, origin: string): boolean {
  const r = parseOsvRecord(raw);
  if (r.kind === 'invalid') {
    ctx.warn({ file: origin, message: r.message });
    return false;
  }
  if (r.kind === 'withdrawn') {
    ctx.writer.removeVuln(r.id);
    return true;
  }
  ctx.writer.putVuln(r.record);
  ctx.seenSource(r.record.source, 'osv');
  ctx.progress();
  return true;
}
