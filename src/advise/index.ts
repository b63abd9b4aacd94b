// Public API of base-image advice.
export type { Advice, AdviceCounts, AdvisedImage, BaseDetection, PackageRemediation, Recommendation, RecommendationKind } from './types.js';
export { adviseBase, registryAllowed, summarize, type AdviseOptions } from './advise.js';
export { detectBaseImage, baseFromDockerfile, baseFromLabels, baseFromLayers, BASE_NAME_LABEL, BASE_DIGEST_LABEL, type DetectOptions } from './detect.js';
export { parseTag, familyUpgrades, alternativeTags, sameFamily, compareRelease, type ParsedTag } from './tags.js';
export { attributeFindings, layerOrigins, layerInstructions, type AttributionInput } from './attribution.js';
export { remediate } from './remediation.js';
export { countFindings, deltaCounts, compareRisk } from './counts.js';
export { rewriteBaseImage, unifiedDiff, withTarget, repositoryOf, type FixTarget, type FixResult } from './fix.js';
export { openPullRequest, repoFromRemoteUrl, scanTable, type PullRequestOptions } from './github.js';
export { applyDockerfileAdvice, type ImageAdviceOptions } from './image-advice.js';
export { renderAdviceText } from './render.js';
