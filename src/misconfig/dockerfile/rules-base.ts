// Rules about the final user, base images and stage structure.
import type { Rule, RuleHit } from '../rule.js';
import type { DockerfileDoc } from './context.js';
import { externalStages, shippedStages } from './context.js';
import { parseImageRef, isTrustedImage } from '../image-ref.js';
import { REF } from '../references.js';

const T = 'dockerfile';

function lastUser(doc: DockerfileDoc) {
  let user: { value: string; line: number } | undefined;
  for (const s of shippedStages(doc)) for (const i of s.instructions) if (i.keyword === 'USER') user = { value: i.args.trim(), line: i.line };
  return user;
}

export const rootUser: Rule<DockerfileDoc> = {
  id: 'DD-DF-001',
  title: 'Final stage switches to the root user',
  severity: 'HIGH',
  target: T,
  description: 'The last USER of the final stage is root (name or UID 0), so the container process runs with full privileges inside the container; a compromise of the application is a compromise of the whole container.',
  remediation: 'Create an unprivileged user and end the final stage with `USER <name or uid>` (e.g. `USER 10001`).',
  references: [REF.cisDocker + ' (4.1 Ensure that a user for the container has been created)', REF.dockerBestPractices],
  check(doc) {
    const u = lastUser(doc);
    if (!u) return [];
    const name = u.value.split(':')[0].replace(/^["']|["']$/g, '');
    return name === 'root' || name === '0' ? [{ message: `USER ${u.value} leaves the container running as root`, line: u.line }] : [];
  },
};

export const missingUser: Rule<DockerfileDoc> = {
  id: 'DD-DF-002',
  title: 'No USER in the final stage',
  severity: 'MEDIUM',
  target: T,
  description: 'Without a USER instruction the container runs as whatever user the base image sets, usually root.',
  remediation: 'Add `USER <non-root user>` near the end of the final stage.',
  references: [REF.cisDocker + ' (4.1 Ensure that a user for the container has been created)', REF.dockerBestPractices],
  check(doc) {
    const stages = doc.df.stages;
    if (stages.length === 0 || lastUser(doc)) return [];
    const last = stages[stages.length - 1];
    return [{ message: `the final stage (FROM ${last.image}) sets no USER, so it runs as the base image's user (root unless the base says otherwise)`, line: last.line }];
  },
};

export const latestTag: Rule<DockerfileDoc> = {
  id: 'DD-DF-003',
  title: "Base image uses 'latest' or no tag",
  severity: 'MEDIUM',
  target: T,
  description: 'A base image without a tag, or tagged `latest`, changes under you: rebuilds are not reproducible and can silently pull in a different OS or runtime.',
  remediation: 'Name an explicit version tag, e.g. `FROM node:20.11-bookworm-slim`, and ideally pin its digest.',
  references: [REF.dockerBestPractices, REF.cisDocker],
  check(doc) {
    const hits: RuleHit[] = [];
    for (const { stage, image } of externalStages(doc)) {
      const p = parseImageRef(image);
      if (p.digest) continue;
      if (!p.tag) hits.push({ message: `FROM ${image} has no tag (means latest)`, line: stage.line });
      else if (p.tag === 'latest') hits.push({ message: `FROM ${image} uses the latest tag`, line: stage.line });
    }
    return hits;
  },
};

export const notPinned: Rule<DockerfileDoc> = {
  id: 'DD-DF-004',
  title: 'Base image not pinned by digest',
  severity: 'LOW',
  target: T,
  description: 'Tags are mutable; only a digest guarantees that the base image you reviewed and scanned is the one that gets built.',
  remediation: 'Pin the digest next to the tag: `FROM debian:12-slim@sha256:…` and let a bot update it.',
  references: [REF.dockerBestPractices],
  check(doc) {
    return externalStages(doc)
      .filter(({ image }) => !parseImageRef(image).digest)
      .map(({ stage, image }) => ({ message: `FROM ${image} is not pinned by digest`, line: stage.line }));
  },
};

export const untrustedRegistry: Rule<DockerfileDoc> = {
  id: 'DD-DF-005',
  title: 'Base image from a registry outside the trusted list',
  severity: 'MEDIUM',
  target: T,
  description: 'The base image comes from a registry or repository that is not on the allow-list given with `--trusted-registry`; images from unvetted sources may carry malware or unpatched software.',
  remediation: 'Build from an image in a trusted registry, or add the registry to the allow-list after review.',
  references: [REF.cisDocker + ' (4.2 Ensure that containers use only trusted base images)'],
  check(doc) {
    if (doc.trustedRegistries.length === 0) return [];
    return externalStages(doc)
      .filter(({ image }) => !isTrustedImage(image, doc.trustedRegistries))
      .map(({ stage, image }) => {
        const p = parseImageRef(image);
        return { message: `FROM ${image} comes from ${p.registry}/${p.repository}, not in the trusted list (${doc.trustedRegistries.join(', ')})`, line: stage.line };
      });
  },
};

export const duplicateAlias: Rule<DockerfileDoc> = {
  id: 'DD-DF-030',
  title: 'Duplicate stage alias',
  severity: 'HIGH',
  target: T,
  description: 'Two FROM instructions use the same `AS` name; `COPY --from` and later FROMs then refer to an ambiguous stage.',
  remediation: 'Give every stage a unique alias.',
  references: [REF.dockerfileRef + '#from'],
  check(doc) {
    const seen = new Map<string, number>();
    const hits: RuleHit[] = [];
    for (const s of doc.df.stages) {
      if (!s.alias) continue;
      const k = s.alias.toLowerCase();
      if (seen.has(k)) hits.push({ message: `stage alias "${s.alias}" already used on line ${seen.get(k)}`, line: s.line });
      else seen.set(k, s.line);
    }
    return hits;
  },
};

export const copyFromSelf: Rule<DockerfileDoc> = {
  id: 'DD-DF-029',
  title: "COPY --from refers to the stage it is in",
  severity: 'HIGH',
  target: T,
  description: 'A stage cannot copy from itself; the build fails or copies from an unexpected image.',
  remediation: 'Point `--from` at an earlier stage or an external image.',
  references: [REF.dockerfileRef + '#copy---from'],
  check(doc) {
    const hits: RuleHit[] = [];
    for (const s of doc.df.stages) {
      for (const i of s.instructions) {
        const from = i.keyword === 'COPY' ? i.flags.find((f) => f.name === 'from')?.value : undefined;
        if (from && (from.toLowerCase() === s.alias?.toLowerCase() || from === String(s.index)))
          hits.push({ message: `COPY --from=${from} refers to its own stage`, line: i.line });
      }
    }
    return hits;
  },
};

export const baseRules = [rootUser, missingUser, latestTag, notPinned, untrustedRegistry, duplicateAlias, copyFromSelf];
