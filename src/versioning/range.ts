// OSV affected-range evaluation (ECOSYSTEM/SEMVER ranges) over any registered version scheme.
import { requireScheme } from './index.js';

export interface RangeEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

function eventVersion(e: RangeEvent): string | undefined {
  return e.introduced ?? e.fixed ?? e.last_affected ?? e.limit;
}

/**
 * True when `version` falls in the range described by OSV `events`.
 * Events are sorted by version ("introduced: 0" first); walking them in order, `introduced` opens
 * the range at its version, `fixed` closes it (exclusive), `last_affected` closes it just after
 * its version (inclusive), so several introduced/fixed pairs describe several intervals.
 * A `limit` caps the whole range: versions at or above it are not affected ("*" means no cap).
 */
export function isAffected(scheme: string, version: string, events: readonly RangeEvent[]): boolean {
  const s = requireScheme(scheme);
  const cmp = (a: string, b: string): number => {
    if (a === b) return 0;
    if (a === '0') return -1; // "0" means "from the beginning", below every version of any scheme
    if (b === '0') return 1;
    return s.compare(a, b);
  };
  const versioned = events.filter((e) => eventVersion(e) !== undefined);
  for (const e of versioned) {
    if (e.limit !== undefined && e.limit !== '*' && cmp(version, e.limit) >= 0) return false;
  }
  // Array.prototype.sort is stable: events at the same version keep their given order.
  const sorted = versioned.filter((e) => e.limit === undefined).sort((a, b) => cmp(eventVersion(a)!, eventVersion(b)!));
  let affected = false;
  for (const e of sorted) {
    if (e.introduced !== undefined) {
      if (e.introduced === '0' || cmp(version, e.introduced) >= 0) affected = true;
    } else if (e.fixed !== undefined) {
      if (cmp(version, e.fixed) >= 0) affected = false;
    } else if (e.last_affected !== undefined) {
      if (cmp(version, e.last_affected) > 0) affected = false;
    }
  }
  return affected;
}

/** True when `version` equals (under the scheme) one of the listed versions (OSV `affected.versions`). */
export function isInVersionList(scheme: string, version: string, versions: readonly string[]): boolean {
  const s = requireScheme(scheme);
  return versions.some((v) => v === version || s.compare(v, version) === 0);
}
