// Compact encoding of the rarely-read part of an advisory: JSON, raw-deflated.
import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';
import type { VulnRecord } from './types.js';

/** Fields kept in the compressed blob (everything except the key columns and affected rows). */
export type VulnBlob = Omit<VulnRecord, 'id' | 'source' | 'modified' | 'affected'>;

const MAX_DETAILS = 4000;
const MAX_REFERENCES = 32;

export function encodeBlob(r: VulnRecord): Buffer {
  const blob: VulnBlob = {
    published: r.published,
    aliases: r.aliases,
    related: r.related,
    summary: r.summary,
    // long write-ups are cut: reports show a summary and link to the advisory
    details: r.details && r.details.length > MAX_DETAILS ? r.details.slice(0, MAX_DETAILS) + '…' : r.details,
    severity: r.severity,
    ghsaSeverity: r.ghsaSeverity,
    references: r.references.slice(0, MAX_REFERENCES),
  };
  return deflateRawSync(JSON.stringify(blob), { level: constants.Z_BEST_SPEED });
}

export function decodeBlob(buf: Buffer): VulnBlob {
  return JSON.parse(inflateRawSync(buf).toString('utf8')) as VulnBlob;
}
