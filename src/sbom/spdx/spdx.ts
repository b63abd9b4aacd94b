// SPDX 2.3 JSON: the image is the described root package; the OS and every package are CONTAINed by it.
import { randomUUID } from 'node:crypto';
import type { Package } from '../model.js';
import type { ScanReport } from '../../report/types.js';
import { imagePurl } from '../cyclonedx/refs.js';
import { spdxExpression } from './license.js';

export interface SpdxOptions {
  /** fixed documentNamespace (tests); otherwise unique per run */
  documentNamespace?: string;
  /** ISO time; defaults to the report's createdAt */
  created?: string;
  /** UUID used in the generated namespace instead of a random one */
  documentId?: string;
}

type Json = Record<string, unknown>;
const NOASSERTION = 'NOASSERTION';

/** SPDX ids allow only letters, digits, '.' and '-'. */
export function sanitizeSpdxId(raw: string): string {
  // dashes trimmed by index: /^-+|-+$/g tried every dash of a long run against the end (quadratic)
  const s = raw.replace(/[^A-Za-z0-9.-]+/g, '-');
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) === 0x2d) a++;
  while (b > a && s.charCodeAt(b - 1) === 0x2d) b--;
  return 'SPDXRef-' + s.slice(a, b);
}

export function toSpdx(report: ScanReport, opts: SpdxOptions = {}): Json {
  const used = new Set<string>();
  const uniqueId = (raw: string): string => {
    const base = sanitizeSpdxId(raw);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
  const tool = `drydock-${report.tool.version}`;
  const created = (opts.created ?? report.createdAt).replace(/\.\d+Z$/, 'Z');
  const img = report.artifact.image;
  const rootId = uniqueId(`${report.artifact.kind}-${report.artifact.name}`);
  const purl = imagePurl(report);
  const digest = img?.manifestDigest?.match(/^sha256:([0-9a-f]{64})$/)?.[1];
  const root: Json = {
    SPDXID: rootId,
    name: img?.name ?? report.artifact.name,
    ...(img?.manifestDigest ? { versionInfo: img.manifestDigest } : {}),
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    primaryPackagePurpose: report.artifact.kind === 'image' ? 'CONTAINER' : 'FILE',
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    ...(digest ? { checksums: [{ algorithm: 'SHA256', checksumValue: digest }] } : {}),
    ...(purl ? { externalRefs: [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl }] } : {}),
  };
  const packages: Json[] = [root];
  const relationships: Json[] = [{ spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: rootId }];
  const contains = (from: string, to: string) => relationships.push({ spdxElementId: from, relationshipType: 'CONTAINS', relatedSpdxElement: to });
  const d = report.artifact.distro;
  let osId: string | undefined;
  if (d) {
    osId = uniqueId(`os-${d.id}-${d.versionId ?? ''}`);
    packages.push({
      SPDXID: osId,
      name: d.id,
      ...(d.versionId ? { versionInfo: d.versionId } : {}),
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      primaryPackagePurpose: 'OPERATING_SYSTEM',
      licenseConcluded: NOASSERTION,
      licenseDeclared: NOASSERTION,
      copyrightText: NOASSERTION,
      ...(d.prettyName ? { description: d.prettyName } : {}),
    });
    contains(rootId, osId);
  }
  for (const t of report.targets) {
    for (const p of t.packages) {
      const id = uniqueId(`package-${p.type}-${p.group ? p.group + '-' : ''}${p.name}-${p.version}`);
      packages.push(spdxPackage(p, id));
      contains(t.kind === 'os' && osId ? osId : rootId, id);
    }
  }
  const safeName = report.artifact.name.replace(/[^A-Za-z0-9._-]+/g, '-');
  return {
    $schema: 'https://raw.githubusercontent.com/spdx/spdx-spec/v2.3/schemas/spdx-schema.json',
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: report.artifact.name,
    documentNamespace: opts.documentNamespace ?? `https://drydock.dev/spdxdocs/${safeName}-${opts.documentId ?? randomUUID()}`,
    creationInfo: { created, creators: [`Tool: ${tool}`], licenseListVersion: '3.25' },
    packages,
    relationships,
  };
}

function spdxPackage(p: Package, id: string): Json {
  const where = p.locations
    .map((l) => [l.path, l.layerIndex !== undefined ? `layer #${l.layerIndex}` : '', l.layerDiffId ?? ''].filter(Boolean).join(' '))
    .join('; ');
  const createdBy = [...new Set(p.locations.map((l) => l.createdBy).filter(Boolean))];
  const refs: Json[] = [];
  if (p.purl) refs.push({ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: p.purl });
  const comment = [createdBy.length ? `layer created by: ${createdBy.join(' | ')}` : '', p.ownedBy ? `owned by OS package ${p.ownedBy}` : '']
    .filter(Boolean)
    .join('\n');
  return {
    SPDXID: id,
    name: p.group ? `${p.group}:${p.name}` : p.name,
    versionInfo: p.version,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    primaryPackagePurpose: 'LIBRARY',
    licenseConcluded: NOASSERTION,
    licenseDeclared: spdxExpression(p.licenses) ?? NOASSERTION,
    copyrightText: NOASSERTION,
    ...(p.sourceName && p.sourceName !== p.name ? { sourceInfo: `built from source package ${p.sourceName}; found by ${p.foundBy} in ${where}` } : { sourceInfo: `found by ${p.foundBy} in ${where}` }),
    ...(comment ? { comment } : {}),
    ...(refs.length > 0 ? { externalRefs: refs } : {}),
  };
}
