// CISA Known Exploited Vulnerabilities catalog (JSON feed).
import { z } from 'zod';
import type { ImportContext } from './context.js';

export const KEV_SOURCE = 'cisa-kev';

const kevSchema = z
  .object({
    catalogVersion: z.string().optional(),
    dateReleased: z.string().optional(),
    vulnerabilities: z.array(
      z
        .object({
          cveID: z.string(),
          dateAdded: z.string(),
          dueDate: z.string().optional(),
          knownRansomwareCampaignUse: z.string().optional(),
          vulnerabilityName: z.string().optional(),
        })
        .passthrough(),
    ),
  })
  .passthrough();

export function looksLikeKev(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && 'vulnerabilities' in doc && 'catalogVersion' in doc;
}

/** Returns the catalog's release date (for the source row) and the entry count. */
export function importKev(ctx: ImportContext, doc: unknown, origin: string): { count: number; released?: string } {
  const parsed = kevSchema.safeParse(doc);
  if (!parsed.success) {
    ctx.warn({ file: origin, message: `skipped: not a KEV catalog (${parsed.error.issues[0]?.message})` });
    return { count: 0 };
  }
  for (const v of parsed.data.vulnerabilities) {
    ctx.writer.putKev({
      cve: v.cveID,
      dateAdded: v.dateAdded,
      dueDate: v.dueDate,
      knownRansomware: v.knownRansomwareCampaignUse?.toLowerCase() === 'known',
      name: v.vulnerabilityName,
    });
  }
  ctx.seenSource(KEV_SOURCE, 'kev');
  return { count: parsed.data.vulnerabilities.length, released: parsed.data.dateReleased };
}
