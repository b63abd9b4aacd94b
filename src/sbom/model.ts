// The package model shared by every cataloger, matcher and reporter.

/** Where a package was found: the path in the image (or tree) and the layer that put it there. */
export interface Location {
  path: string;
  /** uncompressed layer digest (diffID) */
  layerDiffId?: string;
  layerIndex?: number;
  /** history `created_by` of that layer, e.g. `RUN apt-get install …` */
  createdBy?: string;
}

export type PackageType =
  | 'deb'
  | 'apk'
  | 'rpm'
  | 'maven'
  | 'npm'
  | 'pypi'
  | 'golang'
  | 'cargo'
  | 'gem'
  | 'composer'
  | 'nuget'
  | 'binary';

export interface Distro {
  /** os-release ID: debian, ubuntu, alpine, rhel, rocky, almalinux, centos, fedora, amzn, mariner, azurelinux, sles, opensuse-leap, wolfi, chainguard … */
  id: string;
  /** VERSION_ID, e.g. 12, 3.20.3, 22.04, 9.4 */
  versionId?: string;
  versionCodename?: string;
  prettyName?: string;
  idLike?: string[];
}

export interface Package {
  name: string;
  version: string;
  type: PackageType;
  /** package URL, filled by finalize (it needs the distro for OS packages) */
  purl: string;
  /** Maven groupId / npm scope are part of name; group kept apart for Maven */
  group?: string;
  /** OS packages: source package (dpkg Source, apk origin, rpm source rpm name) */
  sourceName?: string;
  sourceVersion?: string;
  arch?: string;
  /** rpm */
  epoch?: number;
  release?: string;
  licenses: string[];
  locations: Location[];
  /** cataloger that found it */
  foundBy: string;
  /** purl of the OS package whose file list owns this package's files */
  ownedBy?: string;
  /** cataloger-specific extras (shallow, JSON-safe) */
  metadata?: Record<string, string | number | boolean | string[] | undefined>;
}

/** One scanned thing: an OS package database or an application path, as reports group them. */
export interface Target {
  name: string;
  kind: 'os' | 'lang';
  type: PackageType;
  packages: Package[];
}
