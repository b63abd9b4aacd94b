// The advice model: plain JSON, rendered by `drydock advise --format json` and put in ScanReport.advice.

/** Vulnerability counts by severity, lower-case keys as the JSON output documents them. */
export interface AdviceCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
  total: number;
}

export type RecommendationKind = 'minor' | 'major' | 'alternative' | 'refresh';

export interface BaseDetection {
  /** image reference as the build used it (tag and/or digest) */
  image: string;
  /** where it was found */
  source: 'dockerfile' | 'label' | 'layers' | 'argument';
  /** Dockerfile line of the FROM that names it */
  line?: number;
  /** FROM --platform, when literal */
  platform?: string;
  /** number of the image's leading layers that belong to the base (layer matching) */
  layers?: number;
}

export interface AdvisedImage {
  image: string;
  digest?: string;
  counts: AdviceCounts;
  /** compressed size of the layers in bytes */
  size?: number;
}

export interface Recommendation extends AdvisedImage {
  kind: RecommendationKind;
  tag?: string;
  /** candidate minus base, per severity (negative = fewer) */
  delta: AdviceCounts;
  sizeDelta?: number;
  reasons: string[];
}

export interface PackageRemediation {
  package: string;
  type: string;
  installedVersion: string;
  /** lowest version that fixes every finding of the package; undefined when one has no fix */
  fixedVersion?: string;
  vulnerabilities: string[];
  /** ids without a fix yet */
  unfixed: string[];
  /** recommendation kinds whose image no longer has any of these vulnerabilities on this package */
  fixedByUpgrade: RecommendationKind[];
  attribution?: 'base' | 'instruction';
}

export interface Advice {
  base: AdvisedImage & { source?: BaseDetection['source']; line?: number; tag?: string };
  recommendations: Recommendation[];
  remediation?: PackageRemediation[];
  /** plain-words summary lines */
  summary: string[];
  notes: string[];
  /** candidate images scanned besides the base */
  candidatesScanned?: number;
}
