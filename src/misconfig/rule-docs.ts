// Markdown for a rule, from its metadata only (used by `drydock rules --format md` and docs/rules/*.md).
import type { RuleMeta } from './types.js';

export function ruleMarkdown(r: RuleMeta): string {
  const refs = r.references.length ? r.references.map((x) => `- ${x}`).join('\n') : '- (none)';
  return `# ${r.id}: ${r.title}\n\n- **Severity:** ${r.severity}\n- **Target:** ${r.target}\n\n## Description\n\n${r.description}\n\n## Remediation\n\n${r.remediation}\n\n## References\n\n${refs}\n\n## Suppressing\n\nAdd a comment with a reason on the line above the reported line:\n\n\`\`\`\n# drydock:ignore=${r.id} <why this is acceptable here>\n\`\`\`\n\nor an ignore entry with \`id: ${r.id}\` and a \`reason\` in the policy file (\`.drydock.yaml\`).\n`;
}

import { allRules } from './registry.js';
import { EXTERNAL_IDS } from './rule-mapping.js';

/** Every generated file under docs/rules/, by file name. */
export function renderRuleDocs(): Map<string, string> {
  const files = new Map<string, string>();
  const rules = allRules();
  for (const r of rules) files.set(`${r.id}.md`, ruleMarkdown(r));
  const rows = rules.map((r) => {
    const x = EXTERNAL_IDS[r.id] ?? {};
    return `| [${r.id}](${r.id}.md) | ${r.target} | ${r.severity} | ${r.title.replace(/\|/g, '\\|')} | ${x.trivy ?? ''} | ${x.dockle ?? ''} |`;
  });
  files.set(
    'README.md',
    `# Drydock rules\n\nGenerated from the rules' own metadata by \`scripts/gen-rules-docs.ts\` (do not edit by hand; \`drydock rules\` prints the same).\nThe Trivy and Dockle columns name the checks that correspond, where one does.\n\nSuppress a result inline with a reason (\`# drydock:ignore=ID reason\`; a suppression without a reason is reported as DD-GEN-001),\nor with an \`ignore\` entry in the policy file (\`.drydock.yaml\`).\n\n| ID | Target | Severity | Title | Trivy | Dockle |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n`,
  );
  return files;
}
