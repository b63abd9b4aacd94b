import type { ImageMetadata } from '../image/types.js';
import type { Distro, Package, Target } from '../sbom/model.js';
import type { Finding } from '../match/types.js';
import type { MisconfigResult } from '../misconfig/types.js';
import type { Warning } from '../errors.js';

/** Everything a scan produced; every reporter renders this one shape. */
export interface ScanReport {
  /** version of the JSON report schema (schemas/report.schema.json) */
  schemaVersion: 1;
  tool: { name: 'drydock'; version: string };
  createdAt: string;
  artifact: {
    /** what was scanned as the user named it */
    name: string;
    kind: 'image' | 'rootfs' | 'filesystem' | 'config';
    image?: Omit<ImageMetadata, 'config'> & { user?: string; labels?: Record<string, string> };
    distro?: Distro;
    /** path of the Dockerfile scanned with the image, when given (SARIF/report attribution) */
    dockerfile?: string;
  };
  targets: Target[];
  findings: Finding[];
  misconfigurations: MisconfigResult[];
  /** plain-words summary of what an attacker with code execution could do (issue 7) */
  attackSurface?: { statement: string; evidence: string[] }[];
  /** base-image advice (issue 5), opaque to most reporters */
  advice?: unknown;
  /** vulnerability database the scan used */
  database?: { builtAt?: string; sources: string[]; example?: boolean };
  warnings: Warning[];
}

export interface RenderOptions {
  color: boolean;
  /** terminal width for table layout */
  width?: number;
  /** fixed document UUID (CycloneDX serialNumber, SPDX namespace suffix) for reproducible output; random otherwise */
  documentId?: string;
}

export interface Reporter {
  format: string;
  /** media type written to --output, for the Action and docs */
  contentType: string;
  render(report: ScanReport, options: RenderOptions): string;
}

export function allPackages(report: ScanReport): Package[] {
  return report.targets.flatMap((t) => t.packages);
}
