// The vulnerability store as the matcher and the CLI see it; SQLite today, a server database later.

/** OSV range event, kept as in OSV. */
export interface RangeEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface AffectedRange {
  /** ECOSYSTEM, SEMVER (GIT ranges are dropped at import: they cannot be matched against package versions) */
  type: string;
  events: RangeEvent[];
}

/** One `affected[]` entry of an advisory, reduced to what matching needs. */
export interface AffectedEntry {
  ranges: AffectedRange[];
  versions?: string[];
  /** distro rating found in ecosystem_specific/database_specific (e.g. Debian urgency) */
  rating?: string;
}

/** A normalised advisory (OSV shape, plus where it came from). */
export interface VulnRecord {
  id: string;
  /** data source id, e.g. 'osv:Go', 'osv:Debian', 'alpine-secdb' */
  source: string;
  modified?: string;
  published?: string;
  aliases: string[];
  /** OSV `upstream`/`related` ids: connected but not the same vulnerability */
  related: string[];
  summary?: string;
  details?: string;
  /** OSV severity[] entries: CVSS_V2/V3/V4 vectors, or a distro word (type 'Ubuntu') */
  severity: { type: string; score: string }[];
  /** GHSA database_specific.severity (LOW/MODERATE/HIGH/CRITICAL) */
  ghsaSeverity?: string;
  references: string[];
  affected: { ecosystem: string; name: string; entry: AffectedEntry }[];
}

export interface SourceInfo {
  name: string;
  kind: 'osv' | 'alpine-secdb' | 'kev' | 'epss' | 'example';
  url?: string;
  fetchedAt?: string;
  modifiedAt?: string;
  lastModifiedHeader?: string;
  records: number;
}

export interface StoreMetadata {
  schemaVersion: number;
  builtAt?: string;
  /** true for the bundled example snapshot: reports must label it */
  example: boolean;
  sources: SourceInfo[];
}

export interface StoreCounts {
  vulns: number;
  affected: number;
  kev: number;
  epss: number;
}

/** Affected rows of one advisory for one package, as the matcher reads them. */
export interface AffectedHit {
  vuln: number;
  entries: AffectedEntry[];
}

export interface KevEntry {
  cve: string;
  dateAdded: string;
  dueDate?: string;
  knownRansomware: boolean;
  name?: string;
}

export interface VulnStore {
  readonly path: string;
  metadata(): StoreMetadata;
  counts(): StoreCounts;
  /** canonical ecosystem (see ecosystem.ts) and normalised package name */
  affected(ecosystem: string, name: string): AffectedHit[];
  /** `affected` for many names of one ecosystem at once (names without advisories are absent from the map) */
  affectedMany?(ecosystem: string, names: Iterable<string>): Map<string, AffectedHit[]>;
  vuln(rowid: number): VulnRecord & { rowid: number };
  /** advisories that carry this id as their id or alias (any source) */
  byAlias(id: string): number[];
  kev(cve: string): KevEntry | undefined;
  epss(cve: string): { score: number; percentile: number } | undefined;
  close(): void;
}
