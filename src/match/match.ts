// Packages + vulnerability store → findings: range evaluation, alias merging, severity, KEV and EPSS.
import type { Distro, Package } from '../sbom/model.js';
import type { Warning } from '../errors.js';
import type { Finding } from './types.js';
import type { AffectedEntry, AffectedHit, VulnRecord, VulnStore } from '../vulndb/types.js';
import { getScheme } from '../versioning/index.js';
import { isAffected, isInVersionList } from '../versioning/range.js';
import { queryFor, type PackageQuery } from './ecosystems.js';
import { selectSeverity, type RatedRecord } from '../severity/select.js';

export interface MatchOptions {
  /** drop findings without a fixed version */
  ignoreUnfixed?: boolean;
  /** also match language packages owned by an OS package (their distro advisories usually cover them) */
  matchOwned?: boolean;
  warn?: (w: Warning) => void;
}

interface Hit {
  rowid: number;
  fixed?: string;
  rating?: string;
}

const isCve = (id: string) => id.startsWith('CVE-');

/** Evaluate one advisory's entries for a version: affected?, and the lowest fix above it. */
export function evaluateEntries(entries: readonly AffectedEntry[], scheme: string, version: string): { affected: boolean; fixed?: string; rating?: string } {
  const cmp = getScheme(scheme)!.compare;
  let affected = false;
  let fixed: string | undefined;
  let rating: string | undefined;
  for (const e of entries) {
    let hit = e.versions ? isInVersionList(scheme, version, e.versions) : false;
    for (const r of e.ranges) {
      const s = r.type === 'SEMVER' ? 'semver' : scheme;
      if (!getScheme(s) || !isAffected(s, version, r.events)) continue;
      hit = true;
      for (const ev of r.events) {
        if (ev.fixed && ev.fixed !== '0' && getScheme(s)!.compare(ev.fixed, version) > 0 && (!fixed || cmp(ev.fixed, fixed) < 0)) fixed = ev.fixed;
      }
    }
    if (hit) {
      affected = true;
      rating ??= e.rating;
    }
  }
  return { affected, fixed, rating };
}

function primaryId(r: VulnRecord): string {
  if (isCve(r.id)) return r.id;
  return r.aliases.find(isCve) ?? r.id;
}

export function matchPackages(packages: Package[], distro: Distro | undefined, store: VulnStore, opts: MatchOptions = {}): Finding[] {
  const cache = new Map<number, VulnRecord>();
  const load = (rowid: number) => {
    let r = cache.get(rowid);
    if (!r) cache.set(rowid, (r = store.vuln(rowid)));
    return r;
  };
  const missingSchemes = new Set<string>();
  const queries: (PackageQuery | undefined)[] = [];
  const wanted = new Map<string, Set<string>>();
  for (const pkg of packages) {
    const q = pkg.ownedBy && !opts.matchOwned ? undefined : queryFor(pkg, distro);
    if (q && !getScheme(q.scheme)) {
      if (!missingSchemes.has(q.scheme)) opts.warn?.({ message: `no version scheme '${q.scheme}' in this build: ${pkg.type} packages not matched` });
      missingSchemes.add(q.scheme);
      queries.push(undefined);
      continue;
    }
    queries.push(q);
    if (!q) continue;
    let names = wanted.get(q.ecosystem);
    if (!names) wanted.set(q.ecosystem, (names = new Set()));
    for (const n of q.names) names.add(n);
  }
  const affected = affectedLookup(store, wanted);
  const findings: Finding[] = [];
  for (let i = 0; i < packages.length; i++) {
    const pkg = packages[i];
    const q = queries[i];
    if (!q) continue;
    // most packages have no advisory at all: no map for them
    let hits: Map<number, Hit> | undefined;
    for (const name of q.names) {
      for (const a of affected(q.ecosystem, name)) {
        if (hits?.has(a.vuln)) continue;
        const ev = evaluateEntries(a.entries, q.scheme, q.version);
        if (ev.affected) (hits ??= new Map()).set(a.vuln, { rowid: a.vuln, fixed: ev.fixed, rating: ev.rating });
      }
    }
    if (hits === undefined) continue;
    // one finding per vulnerability: records sharing a CVE (GHSA + PYSEC, GO + GHSA …) are merged
    const groups = new Map<string, { recs: VulnRecord[]; hits: Hit[] }>();
    for (const h of hits.values()) {
      const rec = load(h.rowid);
      const key = primaryId(rec);
      const g = groups.get(key) ?? { recs: [], hits: [] };
      g.recs.push(rec);
      g.hits.push(h);
      groups.set(key, g);
    }
    for (const [id, g] of groups) {
      const f = buildFinding(id, pkg, g.recs, g.hits, store, load, cmpFor(q.scheme));
      if (opts.ignoreUnfixed && f.status === 'affected') continue;
      findings.push(f);
    }
  }
  return findings;
}

/** Every lookup of a scan at once where the store can (VulnStore.affectedMany), one by one otherwise. */
function affectedLookup(store: VulnStore, wanted: Map<string, Set<string>>): (ecosystem: string, name: string) => readonly AffectedHit[] {
  const many = store.affectedMany?.bind(store);
  if (!many) return (e, n) => store.affected(e, n);
  const byEco = new Map<string, Map<string, AffectedHit[]>>();
  for (const [eco, names] of wanted) byEco.set(eco, many(eco, names));
  return (e, n) => byEco.get(e)?.get(n) ?? NO_HITS;
}

const NO_HITS: readonly AffectedHit[] = Object.freeze([]);

const DISTRO_ADVISORY = /^(DSA|DLA|DTSA|USN|RHSA|RHBA|ALSA|RLSA|ELSA|SUSE-SU|openSUSE-SU)-/;

function cmpFor(scheme: string) {
  const s = getScheme(scheme)!;
  return (a: string, b: string) => s.compare(a, b);
}

function buildFinding(
  id: string,
  pkg: Package,
  recs: VulnRecord[],
  hits: Hit[],
  store: VulnStore,
  load: (rowid: number) => VulnRecord,
  cmp: (a: string, b: string) => number,
): Finding {
  const ids = new Set<string>();
  const cves = new Set<string>();
  for (const r of recs) {
    for (const x of [r.id, ...r.aliases]) {
      ids.add(x);
      if (isCve(x)) cves.add(x);
    }
    for (const x of r.related) {
      ids.add(x);
      // distro advisories (DSA, DLA, USN, RHSA…) list the CVEs they fix as upstream/related: the package is
      // exposed to those CVEs, so their KEV/EPSS data and ratings apply
      if (DISTRO_ADVISORY.test(r.id) && isCve(x)) cves.add(x);
    }
  }
  ids.delete(id);
  // when any record has a fix, the finding is fixable at the lowest one
  const fixes = hits.map((h) => h.fixed).filter((f): f is string => !!f);
  const fixedVersion = fixes.sort(cmp)[0];
  const rated: RatedRecord[] = recs.map((r, i) => ({ ...r, rating: hits[i].rating }));
  let sev = selectSeverity(rated);
  // rating or vector missing: borrow from other sources' records of the same CVE (e.g. the GHSA vector
  // for a distro finding); precedence still applies over the combined set
  if (sev.severity === 'UNKNOWN' || !sev.cvss) {
    const seen = new Set(recs.map((r) => r.id));
    for (const cve of cves) {
      for (const rowid of store.byAlias(cve)) {
        const r = load(rowid);
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        rated.push(r);
      }
    }
    if (rated.length > recs.length) sev = selectSeverity(rated);
  }
  const main = recs.find((r) => r.id === id) ?? recs[0];
  const finding: Finding = {
    id,
    aliases: [...ids].sort(),
    package: pkg,
    installedVersion: pkg.version,
    fixedVersion,
    status: fixedVersion ? 'fixed' : 'affected',
    severity: sev.severity,
    cvss: sev.cvss,
    severitySource: sev.severitySource,
    title: recs.map((r) => r.summary).find(Boolean),
    description: main.details,
    references: [...new Set(recs.flatMap((r) => r.references))],
    dataSource: main.source,
    published: main.published,
  };
  for (const cve of [...cves].sort()) {
    const k = store.kev(cve);
    if (k && !finding.kev) finding.kev = { dateAdded: k.dateAdded, dueDate: k.dueDate, knownRansomware: k.knownRansomware };
    const e = store.epss(cve);
    if (e && (!finding.epss || e.score > finding.epss.score)) finding.epss = { score: e.score, percentile: e.percentile };
  }
  return finding;
}
