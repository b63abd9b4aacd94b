// Markdown for a rule, from its metadata only (used by `drydock rules --format md` and docs/rules/*.md).
import type { RuleMeta } from './types.js';

export function ruleMarkdown(r: RuleMeta): string {
  const refs = r.references.length ? r.references.map((x) => `- ${x}`).join('\n') : '- (none)';
  return `# ${r.id}: ${r.title}\n\n- **Severity:** ${r.severity}\n- **Target:** ${r.target}\n\n## Description\n\n${r.description}\n\n## Remediation\n\n${r.remediation}\n\n## References\n\n${refs}\n\n## Suppressing\n\nAdd a comment with a reason on the line above the reported line:\n\n\`\`\`\n# drydock:ignore=${r.id} <why this is acceptable here>\n\`\`\`\n\nor an ignore entry with \`id: ${r.id}\` and a \`reason\` in the policy file (\`.drydock.yaml\`).\n`;
}
