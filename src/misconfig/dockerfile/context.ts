// What every Dockerfile rule reads: the parsed file, resolved FROM images and scan options.
import type { ParsedDockerfile, DockerfileStage } from '../../dockerfile/types.js';
import { resolvedFromImages } from '../../dockerfile/base-image.js';

export interface DockerfileDoc {
  df: ParsedDockerfile;
  /** FROM images after ARG substitution, per stage */
  fromImages: string[];
  /** per stage: the earlier stage it builds on (FROM <alias>), else -1 */
  parentStage: number[];
  trustedRegistries: readonly string[];
}

export function dockerfileDoc(df: ParsedDockerfile, trustedRegistries: readonly string[] = []): DockerfileDoc {
  const fromImages = resolvedFromImages(df);
  const parentStage = df.stages.map((s, i) => {
    const img = fromImages[i].toLowerCase();
    const k = df.stages.findIndex((p, j) => j < i && p.alias?.toLowerCase() === img);
    return k >= 0 ? k : /^\d+$/.test(img) && Number(img) < i ? Number(img) : -1;
  });
  return { df, fromImages, parentStage, trustedRegistries };
}

/** Stages whose FROM names an external image (not scratch, not an earlier stage, variables resolved). */
export function externalStages(doc: DockerfileDoc): { stage: DockerfileStage; image: string }[] {
  return doc.df.stages
    .map((stage, i) => ({ stage, image: doc.fromImages[i] }))
    .filter(({ stage, image }, i) => doc.parentStage[i] < 0 && image !== '' && image.toLowerCase() !== 'scratch' && !image.includes('$') && stage.image !== '');
}

/** The final stage and the stages it builds on (FROM <alias>), whose instructions all end up in the image. */
export function shippedStages(doc: DockerfileDoc): DockerfileStage[] {
  const out: DockerfileStage[] = [];
  let i = doc.df.stages.length - 1;
  while (i >= 0 && out.length <= doc.df.stages.length) {
    out.unshift(doc.df.stages[i]);
    i = doc.parentStage[i];
  }
  return out;
}
