// Drydock as a library: the CLI is a thin layer over these functions.

// model and errors
export type { Package, Location, Distro, Target, PackageType } from './sbom/model.js';
export type { Finding, Severity } from './match/types.js';
export type { MisconfigResult, RuleMeta } from './misconfig/types.js';
export type { ScanReport, Reporter, RenderOptions } from './report/types.js';
export { DrydockError, isDrydockError, type ErrorCode, type Warning } from './errors.js';
export { VERSION } from './version.js';

// images and inventory
export { openImage, analyzeLayer, analyzeDirectory, mergeLayers } from './image/index.js';
export { parseReference, openRegistryImage, listTags, resolveDigest } from './image/registry/index.js';
export type { ImageSource, ImageMetadata, ImageConfig, LayerInfo, OpenImageOptions } from './image/types.js';
export type { FileResolver, FileMeta, LayerAnalysis } from './image/layer/types.js';
export { inventoryImage, type Inventory, type InventoryOptions, type LayerCache } from './scan/inventory.js';
export { scanImage, scanSource, ALL_SCANNERS, type Scanner, type ScanImageOptions } from './scan/scan-image.js';
export { scanTarget, type ScanTargetOptions } from './scan/scan-target.js';
export { imageCatalogers, directoryCatalogers, catalogersFor } from './catalog/registry.js';
export { ALL_PKG_TYPES, parsePkgTypes, type PkgType } from './catalog/pkg-types.js';
export type { Cataloger } from './catalog/types.js';
export { detectDistro } from './catalog/os.js';

// versions, vulnerabilities
export { compareVersions, getScheme, schemeIds } from './versioning/index.js';
export { isAffected } from './versioning/range.js';
export { openVulnStore, openDefaultStore, openSnapshotStore, importPaths, defaultDbPath, type VulnStore } from './vulndb/index.js';
export { matchPackages } from './match/index.js';
export { scoreVector } from './severity/cvss.js';

// SBOMs and reports
export { toCycloneDx } from './sbom/cyclonedx/cyclonedx.js';
export { toSpdx } from './sbom/spdx/spdx.js';
export { getReporter, renderReport, reporterFormats } from './report/index.js';
export { loadPolicy, applyPolicy, evaluateExit } from './policy/index.js';
export { loadVex, applyVex } from './vex/index.js';

// hardening checks
export { parseDockerfile, resolveBaseImage } from './dockerfile/index.js';
export { scanConfigPaths } from './misconfig/scan-config.js';
export { evaluatePss } from './misconfig/kubernetes/pss/index.js';
export { checkImage } from './misconfig/image/index.js';
export { scanSecrets } from './secret/index.js';
export { attackSurface } from './misconfig/attack-surface.js';
export { allRules } from './misconfig/registry.js';
