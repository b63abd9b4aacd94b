export { SECRET_RULES, shannonEntropy, KNOWN_EXAMPLES, type SecretRule } from './rules.js';
export {
  scanSecrets,
  scanText,
  secretWants,
  secretsToResults,
  findSecretInText,
  secretNameLooksSensitive,
  maskSecret,
  allSecretRules,
  secretRuleMeta,
  isAllowedPath,
  SECRET_MAX_SIZE,
  type SecretHit,
} from './scan.js';
