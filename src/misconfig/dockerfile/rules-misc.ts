// Rules about ADD/COPY, ENV/ARG secrets, ports, HEALTHCHECK, CMD/ENTRYPOINT and WORKDIR.
import type { Rule, RuleHit } from '../rule.js';
import type { DockerfileDoc } from './context.js';
import { shippedStages } from './context.js';
import type { DockerfileInstruction } from '../../dockerfile/types.js';
import { secretNameLooksSensitive, findSecretInText } from '../../secret/index.js';
import { REF } from '../references.js';

const T = 'dockerfile';
const ARCHIVE = /\.(tar(\.(gz|bz2|xz|zst))?|tgz|tbz2?|txz)$/i;

function sources(i: DockerfileInstruction): string[] {
  const a = i.argv.filter((x) => !x.startsWith('--'));
  if (i.args.trim().startsWith('[')) {
    try {
      const j = JSON.parse(i.args.trim()) as unknown;
      if (Array.isArray(j)) return j.slice(0, -1).map(String);
    } catch {
      /* fall through to whitespace split */
    }
  }
  if (a.some((x) => x.startsWith('<<'))) return [];
  return a.slice(0, -1);
}

export const addUrl: Rule<DockerfileDoc> = {
  id: 'DD-DF-007',
  title: 'ADD fetches a remote URL',
  severity: 'MEDIUM',
  target: T,
  description: 'ADD with a URL downloads at build time without verifying what arrives (unless `--checksum` is given) and cannot remove the file in the same layer.',
  remediation: 'Use `ADD --checksum=sha256:… <url>` or `RUN curl -fsSLo f <url> && echo "<sha256>  f" | sha256sum -c -`.',
  references: [REF.dockerBestPractices + '#add-or-copy', REF.cisDocker + ' (4.9 Ensure that COPY is used instead of ADD)'],
  check(doc) {
    return doc.df.instructions
      .filter((i) => i.keyword === 'ADD' && !i.flags.some((f) => f.name === 'checksum'))
      .flatMap((i) => sources(i).filter((s) => /^(https?|ftp):\/\/|^git@/.test(s)).map((s) => ({ message: `ADD ${s} downloads without a checksum`, line: i.line })));
  },
};

export const addInsteadOfCopy: Rule<DockerfileDoc> = {
  id: 'DD-DF-008',
  title: 'ADD used instead of COPY',
  severity: 'LOW',
  target: T,
  description: 'ADD silently extracts local archives and can fetch URLs; COPY does only what it says, which makes the build easier to review.',
  remediation: 'Use COPY for local files; for archives, COPY then extract explicitly in a RUN.',
  references: [REF.dockerBestPractices + '#add-or-copy', REF.cisDocker + ' (4.9 Ensure that COPY is used instead of ADD)'],
  check(doc) {
    const hits: RuleHit[] = [];
    for (const i of doc.df.instructions.filter((x) => x.keyword === 'ADD')) {
      const local = sources(i).filter((s) => !/^(https?|ftp):\/\/|^git@/.test(s));
      if (local.length === 0) continue;
      const archives = local.filter((s) => ARCHIVE.test(s));
      hits.push({ message: archives.length ? `ADD auto-extracts the archive ${archives.join(', ')}` : `ADD ${local.join(' ')}: use COPY`, line: i.line });
    }
    return hits;
  },
};

function assignments(i: DockerfileInstruction): { name: string; value?: string }[] {
  // `ENV NAME value` (legacy form) vs `ENV A=1 B=2`
  const text = i.args.trim();
  if (i.keyword === 'ENV' && !/^[^\s=]+=/.test(text)) {
    const m = /^(\S+)\s+([\s\S]*)$/.exec(text);
    return m ? [{ name: m[1], value: m[2] }] : [{ name: text }];
  }
  const out: { name: string; value?: string }[] = [];
  const re = /([A-Za-z_][A-Za-z0-9_.-]*)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push({ name: m[1], value: m[2]?.replace(/^["']|["']$/g, '') });
  return out;
}

export const secretEnvArg: Rule<DockerfileDoc> = {
  id: 'DD-DF-018',
  title: 'Secret in ENV or ARG',
  severity: 'CRITICAL',
  target: T,
  description: 'ENV values are stored in the image config and ARG values in its history: anyone who can pull the image can read them.',
  remediation: 'Pass secrets at build time with `RUN --mount=type=secret,id=…` and at run time through the orchestrator (Kubernetes Secrets, Docker secrets), never in ENV/ARG.',
  references: [REF.cisDocker + ' (4.10 Ensure secrets are not stored in Dockerfiles)', 'https://docs.docker.com/build/building/secrets/'],
  check(doc) {
    const hits: RuleHit[] = [];
    for (const i of doc.df.instructions.filter((x) => x.keyword === 'ENV' || x.keyword === 'ARG')) {
      for (const a of assignments(i)) {
        const value = a.value ?? '';
        const token = value ? findSecretInText(value) : undefined;
        if (token) {
          hits.push({ message: `${i.keyword} ${a.name} holds a secret (${token})`, line: i.line });
        } else if (secretNameLooksSensitive(a.name)) {
          const literal = value !== '' && !/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(value);
          if (literal) hits.push({ message: `${i.keyword} ${a.name} sets a secret-looking value in the image`, line: i.line });
          else if (i.keyword === 'ARG') hits.push({ message: `ARG ${a.name}: build arguments are recorded in the image history`, line: i.line });
        }
      }
    }
    return hits;
  },
};

const KEY_FILES = /(^|\/)(id_(rsa|dsa|ecdsa|ed25519)|[^/]*\.(pem|key|p12|pfx|jks|keystore|ppk)|\.env(\.[a-z]+)?|\.npmrc|\.pypirc|\.netrc|\.git-credentials|credentials(\.json)?|\.htpasswd|\.dockercfg|config\.json|service-account[^/]*\.json|\.aws|\.ssh|\.gnupg|\.kube)\/?$/i;

export const copiedKeyFiles: Rule<DockerfileDoc> = {
  id: 'DD-DF-019',
  title: 'Key or credential file copied into the image',
  severity: 'HIGH',
  target: T,
  description: 'Private keys, `.env` files, cloud credentials and registry/npm tokens copied into a layer stay in the image even if deleted later.',
  remediation: 'Mount secrets during the build (`RUN --mount=type=secret`) and provide them at run time; add these files to `.dockerignore`.',
  references: [REF.cisDocker + ' (4.10 Ensure secrets are not stored in Dockerfiles)'],
  check(doc) {
    const hits: RuleHit[] = [];
    for (const i of doc.df.instructions.filter((x) => x.keyword === 'COPY' || x.keyword === 'ADD')) {
      for (const s of sources(i)) {
        if (KEY_FILES.test(s) && !/\.pub$/.test(s) && !(s.endsWith('config.json') && !/docker/.test(s))) hits.push({ message: `${i.keyword} ${s} puts a key or credential file into a layer`, line: i.line });
      }
    }
    return hits;
  },
};

function exposed(i: DockerfileInstruction): { port: number; raw: string }[] {
  // ports built from variables cannot be judged statically
  return i.argv.filter((s) => !s.includes('$')).map((raw) => ({ raw, port: Number(raw.split('/')[0].split('-')[0]) }));
}

export const port22: Rule<DockerfileDoc> = {
  id: 'DD-DF-020',
  title: 'SSH port 22 exposed',
  severity: 'MEDIUM',
  target: T,
  description: 'Exposing port 22 suggests an SSH daemon in the container: another way in, with its own credentials and keys to manage.',
  remediation: 'Remove the SSH server; use `kubectl exec`/`docker exec` for debugging.',
  references: [REF.cisDocker + ' (5.7 Ensure privileged ports are not mapped / 5.6 sshd is not run within containers)'],
  check(doc) {
    return doc.df.instructions.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => exposed(i).filter((p) => p.port === 22).map(() => ({ message: 'EXPOSE 22', line: i.line })));
  },
};

export const portRange: Rule<DockerfileDoc> = {
  id: 'DD-DF-025',
  title: 'Exposed port out of range',
  severity: 'LOW',
  target: T,
  description: 'TCP/UDP ports range from 0 to 65535; anything else is a typo.',
  remediation: 'Fix the port number.',
  references: [REF.dockerfileRef + '#expose'],
  check(doc) {
    return doc.df.instructions
      .filter((i) => i.keyword === 'EXPOSE')
      .flatMap((i) => exposed(i).filter((p) => !Number.isInteger(p.port) || p.port < 0 || p.port > 65535).map((p) => ({ message: `EXPOSE ${p.raw} is not a valid port`, line: i.line })));
  },
};

export const noHealthcheck: Rule<DockerfileDoc> = {
  id: 'DD-DF-021',
  title: 'No HEALTHCHECK',
  severity: 'LOW',
  target: T,
  description: 'Without a HEALTHCHECK the engine cannot tell a hung container from a healthy one (Kubernetes uses probes instead, so this matters for plain Docker/Compose).',
  remediation: 'Add `HEALTHCHECK CMD …` to the final stage, or `HEALTHCHECK NONE` to state that none is wanted.',
  references: [REF.cisDocker + ' (4.6 Ensure that HEALTHCHECK instructions have been added to container images)'],
  check(doc) {
    const stages = shippedStages(doc);
    if (stages.length === 0 || stages.some((s) => s.instructions.some((i) => i.keyword === 'HEALTHCHECK'))) return [];
    const last = stages[stages.length - 1];
    return [{ message: 'the final stage has no HEALTHCHECK', line: last.line }];
  },
};

function duplicates(keyword: string): (doc: DockerfileDoc) => RuleHit[] {
  return (doc) => {
    const hits: RuleHit[] = [];
    for (const s of doc.df.stages) {
      const all = s.instructions.filter((i) => i.keyword === keyword);
      for (const i of all.slice(0, -1)) hits.push({ message: `${keyword} on line ${i.line} is overridden by the one on line ${all[all.length - 1].line}`, line: i.line });
    }
    return hits;
  };
}

export const dupCmd: Rule<DockerfileDoc> = {
  id: 'DD-DF-022',
  title: 'Multiple CMD instructions in a stage',
  severity: 'MEDIUM',
  target: T,
  description: 'Only the last CMD of a stage takes effect; earlier ones are dead code that misleads reviewers.',
  remediation: 'Keep one CMD per stage.',
  references: [REF.dockerfileRef + '#cmd'],
  check: duplicates('CMD'),
};

export const dupEntrypoint: Rule<DockerfileDoc> = {
  id: 'DD-DF-023',
  title: 'Multiple ENTRYPOINT instructions in a stage',
  severity: 'MEDIUM',
  target: T,
  description: 'Only the last ENTRYPOINT of a stage takes effect; earlier ones are dead code that misleads reviewers.',
  remediation: 'Keep one ENTRYPOINT per stage.',
  references: [REF.dockerfileRef + '#entrypoint'],
  check: duplicates('ENTRYPOINT'),
};

export const dupHealthcheck: Rule<DockerfileDoc> = {
  id: 'DD-DF-027',
  title: 'Multiple HEALTHCHECK instructions in a stage',
  severity: 'LOW',
  target: T,
  description: 'Only the last HEALTHCHECK takes effect.',
  remediation: 'Keep one HEALTHCHECK per stage.',
  references: [REF.dockerfileRef + '#healthcheck'],
  check: duplicates('HEALTHCHECK'),
};

export const relativeWorkdir: Rule<DockerfileDoc> = {
  id: 'DD-DF-024',
  title: 'WORKDIR is a relative path',
  severity: 'LOW',
  target: T,
  description: 'A relative WORKDIR depends on every earlier WORKDIR, including the base image\'s; an absolute path says where files go.',
  remediation: 'Use an absolute path: `WORKDIR /app`.',
  references: [REF.dockerBestPractices + '#workdir'],
  check(doc) {
    return doc.df.instructions
      .filter((i) => i.keyword === 'WORKDIR')
      .filter((i) => {
        const p = i.args.trim().replace(/^["']|["']$/g, '');
        return p !== '' && !p.startsWith('/') && !p.startsWith('$') && !/^[A-Za-z]:[\\/]/.test(p);
      })
      .map((i) => ({ message: `WORKDIR ${i.args.trim()} is relative`, line: i.line }));
  },
};

export const maintainer: Rule<DockerfileDoc> = {
  id: 'DD-DF-026',
  title: 'Deprecated MAINTAINER instruction',
  severity: 'LOW',
  target: T,
  description: 'MAINTAINER is deprecated.',
  remediation: 'Use `LABEL org.opencontainers.image.authors="…"`.',
  references: [REF.dockerfileRef + '#maintainer-deprecated'],
  check(doc) {
    return doc.df.instructions.filter((i) => i.keyword === 'MAINTAINER').map((i) => ({ message: 'MAINTAINER is deprecated', line: i.line }));
  },
};

export const copyDestSlash: Rule<DockerfileDoc> = {
  id: 'DD-DF-031',
  title: 'COPY of several sources to a destination without a trailing slash',
  severity: 'MEDIUM',
  target: T,
  description: 'With more than one source, the destination must be a directory ending in `/`, or the build fails.',
  remediation: 'End the destination with `/`.',
  references: [REF.dockerfileRef + '#copy'],
  check(doc) {
    return doc.df.instructions
      .filter((i) => i.keyword === 'COPY' && !i.argv.some((a) => a.startsWith('<<')) && !i.args.trim().startsWith('['))
      .filter((i) => {
        const a = i.argv.filter((x) => !x.startsWith('--'));
        return a.length > 2 && !a[a.length - 1].endsWith('/') && !a[a.length - 1].includes('$');
      })
      .map((i) => ({ message: `COPY with ${i.argv.filter((x) => !x.startsWith('--')).length - 1} sources needs a destination ending in /`, line: i.line }));
  },
};

export const miscRules = [addUrl, addInsteadOfCopy, secretEnvArg, copiedKeyFiles, port22, portRange, noHealthcheck, dupCmd, dupEntrypoint, dupHealthcheck, relativeWorkdir, maintainer, copyDestSlash];
