// CycloneDX 1.6 JSON: the image is the root component, the OS and packages hang under it, findings become
// vulnerabilities (with a VEX analysis when a VEX statement suppressed them).
import { randomUUID } from 'node:crypto';
import type { Finding } from '../../match/types.js';
import type { Package } from '../model.js';
import type { ScanReport } from '../../report/types.js';
import { classifyLicense } from '../spdx/license.js';
import { imagePurl, osBomRef } from './refs.js';
import { toVulnerabilities } from './vulnerabilities.js';

export interface CycloneDxOptions {
  /** urn:uuid:…; random per run unless fixed (tests) */
  serialNumber?: string;
  /** ISO time; defaults to the report's createdAt */
  timestamp?: string;
}

type Json = Record<string, unknown>;

export function toCycloneDx(report: ScanReport, opts: CycloneDxOptions = {}): Json {
  const img = report.artifact.image;
  const rootRef = 'image:' + report.artifact.name;
  const purl = imagePurl(report);
  const root: Json = {
    type: report.artifact.kind === 'image' ? 'container' : 'file',
    'bom-ref': rootRef,
    name: img?.name ?? report.artifact.name,
    ...(img?.manifestDigest ? { version: img.manifestDigest } : {}),
    ...(purl ? { purl } : {}),
    properties: rootProperties(report),
  };
  const distro = report.artifact.distro;
  const osRef = distro ? osBomRef(distro) : undefined;
  const components: Json[] = [];
  if (distro && osRef) {
    components.push({
      type: 'operating-system',
      'bom-ref': osRef,
      name: distro.id,
      ...(distro.versionId ? { version: distro.versionId } : {}),
      ...(distro.prettyName ? { description: distro.prettyName } : {}),
    });
  }
  // bom-refs must be unique; the same purl can appear at several paths
  const refs = new Map<Package, string>();
  const seen = new Map<string, number>();
  const osPkgs: string[] = [];
  const appPkgs: string[] = [];
  for (const t of report.targets) {
    for (const p of t.packages) {
      const base = p.purl || `${p.type}:${p.name}@${p.version}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      const ref = n === 0 ? base : `${base}#${n}`;
      refs.set(p, ref);
      (t.kind === 'os' && osRef ? osPkgs : appPkgs).push(ref);
      components.push(packageComponent(p, ref));
    }
  }
  const dependencies: Json[] = [{ ref: rootRef, dependsOn: [...(osRef ? [osRef] : []), ...appPkgs] }];
  if (osRef) dependencies.push({ ref: osRef, dependsOn: osPkgs });
  const refOf = (f: Finding): string | undefined => findRef(refs, f);
  const vulnerabilities = toVulnerabilities(report.findings, refOf);
  return {
    $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: opts.serialNumber ?? `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: opts.timestamp ?? report.createdAt,
      tools: { components: [{ type: 'application', group: 'drydock', name: report.tool.name, version: report.tool.version }] },
      component: root,
    },
    components,
    dependencies,
    ...(vulnerabilities.length > 0 ? { vulnerabilities } : {}),
  };
}

function rootProperties(report: ScanReport): Json[] {
  const img = report.artifact.image;
  const props: Json[] = [];
  const add = (name: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') props.push({ name, value: String(value) });
  };
  add('drydock:image:reference', img?.reference);
  add('drydock:image:configDigest', img?.configDigest);
  for (const t of img?.repoTags ?? []) add('drydock:image:repoTag', t);
  for (const d of img?.repoDigests ?? []) add('drydock:image:repoDigest', d);
  add('drydock:image:os', img?.platform?.os);
  add('drydock:image:architecture', img?.platform?.architecture);
  add('drydock:image:size', img?.size);
  for (const l of img?.layers ?? []) add('drydock:image:layer', `${l.index} ${l.diffId}`);
  return props;
}

function packageComponent(p: Package, ref: string): Json {
  const props: Json[] = [];
  const add = (name: string, value: string | number | undefined) => {
    if (value !== undefined && value !== '') props.push({ name, value: String(value) });
  };
  add('drydock:package:type', p.type);
  add('drydock:package:foundBy', p.foundBy);
  add('drydock:package:sourceName', p.sourceName);
  add('drydock:package:sourceVersion', p.sourceVersion);
  add('drydock:package:ownedBy', p.ownedBy);
  for (const l of p.locations) {
    add('drydock:location:path', l.path);
    add('drydock:layer:diffID', l.layerDiffId);
    add('drydock:layer:index', l.layerIndex);
    add('drydock:layer:createdBy', l.createdBy);
  }
  const licenses = p.licenses.map((raw) => {
    const l = classifyLicense(raw);
    if (l.kind === 'id') return { license: { id: l.id } };
    if (l.kind === 'expression') return { expression: l.expression };
    return { license: { name: l.name } };
  });
  return {
    type: 'library',
    'bom-ref': ref,
    ...(p.group ? { group: p.group } : {}),
    name: p.name,
    version: p.version,
    ...(p.purl ? { purl: p.purl } : {}),
    // CycloneDX allows either one expression or a list of licences, not a mix
    ...(licenses.length === 0
      ? {}
      : licenses.some((l) => 'expression' in l)
        ? { licenses: [licenses.find((l) => 'expression' in l)!] }
        : { licenses }),
    properties: props,
  };
}

function findRef(refs: Map<Package, string>, f: Finding): string | undefined {
  const direct = refs.get(f.package);
  if (direct) return direct;
  const path = f.package.locations[0]?.path;
  for (const [p, ref] of refs) if (p.purl === f.package.purl && p.locations[0]?.path === path) return ref;
  for (const [p, ref] of refs) if (p.purl === f.package.purl) return ref;
  return undefined;
}
