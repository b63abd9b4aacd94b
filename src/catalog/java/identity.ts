// Turns what one archive carries (pom.properties, manifest main section, file name) into Maven packages.
import type { Location, Package } from '../../sbom/model.js';
import { newAppPackage } from '../app-common.js';
import { manifestGet } from './manifest.js';
import type { PomProperties } from './pom-properties.js';
import { identityFromFileName } from './filename.js';

export const JAVA_CATALOGER = 'java-archive-cataloger';

export interface ArchiveFacts {
  /** file name of the archive (last path segment) */
  fileName: string;
  /** absolute path of the archive in the image ("/app/x.war:WEB-INF/lib/y.jar" when nested) */
  path: string;
  manifest?: Map<string, string>;
  poms: PomProperties[];
}

// Artifacts that ship without pom.properties and whose real group cannot be derived from their manifest.
const KNOWN_GROUPS: Array<[RegExp, string]> = [
  [/^tomcat-embed-/, 'org.apache.tomcat.embed'],
  [/^tomcat-/, 'org.apache.tomcat'],
  [/^jetty-/, 'org.eclipse.jetty'],
];

const REVERSE_DOMAIN = /^[a-z][a-z0-9_]*(\.[a-zA-Z0-9_-]+)+$/;

export function mavenPackage(group: string | undefined, artifact: string, version: string, loc: Location, source: string): Package {
  const metadata = { artifactId: artifact, ...(group ? { groupId: group } : {}), identitySource: source };
  return newAppPackage('maven', group ? `${group}:${artifact}` : artifact, version, JAVA_CATALOGER, loc, group, artifact, group, undefined, metadata);
}

interface ManifestIdentity {
  group?: string;
  artifact: string;
  version: string;
}

/** Manifest (main section) + file name → identity, or undefined when no version is known. */
export function identityFromManifest(fileName: string, m: Map<string, string> | undefined): ManifestIdentity | undefined {
  const fromFile = identityFromFileName(fileName);
  // Debian renames Tomcat's jars tomcat9-<x>-<v>.jar; the Maven artifact is tomcat-<x>
  if (fromFile) fromFile.name = fromFile.name.replace(/^tomcat\d+-/, 'tomcat-');
  const get = (k: string): string | undefined => (m ? manifestGet(m, k) : undefined);
  const bsn = get('Bundle-SymbolicName')?.split(';')[0].trim();
  const title = get('Implementation-Title');
  const version = get('Implementation-Version') ?? get('Bundle-Version') ?? fromFile?.version;
  if (!version) return undefined;

  let artifact: string | undefined;
  let group: string | undefined;
  if (bsn) {
    const dot = bsn.lastIndexOf('.');
    const last = dot < 0 ? bsn : bsn.slice(dot + 1);
    // "org.apache.tomcat-catalina": prefix org.apache + first word of a hyphenated artifact = org.apache.tomcat
    if (dot > 0 && last.includes('-')) {
      const first = last.split('-')[0];
      // the file name wins when it is the Maven one (tomcat-embed-el-9.0.63.jar has BSN …tomcat-embed-jasper-el);
      // Debian's renamed files (tomcat9-catalina-9.0.70.jar) do not start with "<first>-"
      artifact = fromFile?.version === version && fromFile.name.startsWith(first + '-') ? fromFile.name : last;
      group = `${bsn.slice(0, dot)}.${first}`;
    } else if (dot > 0 && fromFile && last === fromFile.name) {
      artifact = last;
      group = bsn.slice(0, dot);
    }
  }
  if (!artifact && title === 'Apache Tomcat' && fromFile) {
    // jars of the official Tomcat distribution (lib/catalina.jar, lib/jasper.jar …): Maven names are tomcat-<name>
    artifact = fromFile.name.startsWith('tomcat-') ? fromFile.name : `tomcat-${fromFile.name}`;
  }
  if (!artifact) artifact = fromFile?.name ?? (title && !/\s/.test(title) ? title : undefined) ?? bsn;
  if (!artifact) return undefined;

  for (const [re, g] of KNOWN_GROUPS) {
    if (re.test(artifact)) {
      group = g;
      break;
    }
  }
  if (!group) {
    const vendorId = get('Implementation-Vendor-Id');
    if (vendorId && REVERSE_DOMAIN.test(vendorId)) group = vendorId;
  }
  if (!group) {
    // Automatic-Module-Name "org.foo.bar" for artifact "bar": the prefix is the group
    const amn = get('Automatic-Module-Name');
    const suffix = '.' + artifact.replace(/-/g, '.');
    if (amn && amn.endsWith(suffix) && REVERSE_DOMAIN.test(amn)) group = amn.slice(0, -suffix.length) || undefined;
  }
  return { group, artifact, version };
}

/** False when a pom.properties names the archive itself: then the manifest and file name add nothing. */
export function needsManifest(fileName: string, poms: PomProperties[]): boolean {
  if (poms.length === 1) return false;
  if (poms.length === 0) return true;
  const fromFile = identityFromFileName(fileName);
  return !poms.some((p) => p.artifactId === fromFile?.name);
}

/**
 * Packages of one archive (not of archives nested in it): every pom.properties (a shaded jar has many);
 * when none of them names the archive itself, the manifest/file-name identity too.
 */
export function packagesOfArchive(f: ArchiveFacts, loc: Location): Package[] {
  const out: Package[] = [];
  const seen = new Set<string>();
  for (const p of f.poms) {
    const key = `${p.groupId}:${p.artifactId}@${p.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(mavenPackage(p.groupId, p.artifactId, p.version, loc, 'pom.properties'));
  }
  if (!needsManifest(f.fileName, f.poms)) return out;
  const id = identityFromManifest(f.fileName, f.manifest);
  if (!id) return out;
  if (f.poms.some((p) => p.artifactId === id.artifact && p.version === id.version)) return out;
  out.push(mavenPackage(id.group, id.artifact, id.version, loc, f.manifest?.size ? 'manifest' : 'filename'));
  return out;
}
