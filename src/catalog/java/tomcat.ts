// Tomcat binary distributions: advisories are filed against org.apache.tomcat:tomcat as well as the component
// jars, so an installation is reported as a product package besides its jars.
//  - parse time: a top-level tomcat-catalina jar (official lib/catalina.jar, Debian's tomcat9-catalina-*.jar)
//  - post-merge: RELEASE-NOTES ("Apache Tomcat Version 8.5.21") of an installation whose lib/catalina.jar is absent
import type { Package } from '../../sbom/model.js';
import type { Cataloger } from '../types.js';
import type { FileMeta } from '../../image/layer/types.js';
import { plainLocation } from '../app-common.js';
import { mavenPackage } from './identity.js';
import { isNestedPath } from './nested-path.js';

export const TOMCAT_GROUP = 'org.apache.tomcat';

function tomcatProduct(version: string, loc: Package['locations'][number], evidence: string): Package {
  const p = mavenPackage(TOMCAT_GROUP, 'tomcat', version, loc, evidence);
  p.foundBy = 'tomcat-cataloger';
  return p;
}

/** The product package for a top-level catalina jar, given the packages found for that jar. */
export function tomcatFromArchive(path: string, own: Package[]): Package[] {
  if (isNestedPath(path)) return []; // an embedded copy inside an application is not an installation
  const catalina = own.find((p) => p.group === TOMCAT_GROUP && p.metadata?.artifactId === 'tomcat-catalina');
  if (!catalina) return [];
  return [tomcatProduct(catalina.version, catalina.locations[0], 'catalina.jar')];
}

const RELEASE_NOTES_RE = /\/RELEASE-NOTES$/;

export function parseTomcatReleaseNotes(text: string): string | undefined {
  const m = /Apache Tomcat Version (\d+\.\d+\.\d+(?:[-.][\w.]+)?)/.exec(text.slice(0, 8192));
  return m?.[1];
}

export const tomcatReleaseNotesCataloger: Cataloger = {
  name: 'tomcat-cataloger',
  maxFileSize: 256 * 1024,
  wants: (meta: FileMeta) => meta.kind === 'file' && RELEASE_NOTES_RE.test(meta.path) && meta.size < 256 * 1024,
  select: { names: ['RELEASE-NOTES'] },
  catalog(fs) {
    const packages: Package[] = [];
    for (const path of fs.collected()) {
      const f = fs.stat(path);
      if (f?.kind !== 'file' || !RELEASE_NOTES_RE.test(f.path)) continue;
      const dir = f.path.slice(0, -'/RELEASE-NOTES'.length);
      // catalina.jar present: the parse-time detection already reported this installation
      if (fs.stat(`${dir}/lib/catalina.jar`)?.kind === 'file') continue;
      const looksLikeTomcat = fs.stat(`${dir}/bin/bootstrap.jar`) || fs.stat(`${dir}/bin/catalina.sh`) || fs.stat(`${dir}/lib`);
      if (!looksLikeTomcat) continue;
      const buf = fs.read(f.path);
      const version = buf && parseTomcatReleaseNotes(buf.toString('latin1'));
      if (!version) continue;
      packages.push(tomcatProduct(version, plainLocation(f.path, fs.layerOf(f.path)), 'RELEASE-NOTES'));
    }
    return { packages };
  },
};
