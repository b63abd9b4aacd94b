// Public API of the admission controller.
export { parseAdmissionPolicy, loadAdmissionPolicy, namespacePolicy, parseDuration, type AdmissionPolicy, type AdmissionMode, type VulnerabilityPolicy } from './policy.js';
export { decide, ADMITTED_KINDS, type Decision, type GateImage } from './decide.js';
export { admit, type AdmitContext, type AdmitResult } from './admit.js';
export { VulnGate, TtlCache, type ImageScanner, type GateResult } from './vuln-gate.js';
export { registryScanner, type RegistryScannerOptions } from './registry-scanner.js';
export { startAdmissionServer, DEFAULT_MAX_BODY, type AdmissionServer, type AdmissionServerOptions } from './server.js';
export { AdmissionReviewSchema, reviewResponse, type AdmissionReview, type AdmissionRequest, type AdmissionResponse } from './review.js';
export { buildManifests, manifestsToYaml, type ManifestOptions } from './manifests.js';
export { buildVap, vapValidations, VAP_VARIABLES, type VapValidation } from './vap.js';
export { generateWebhookCertificates, serviceDnsNames, type WebhookCertificates } from './certs.js';
export { AdmissionMetrics } from './metrics.js';
export type { Violation } from './messages.js';
