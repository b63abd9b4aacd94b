// Rules about what RUN executes: piping downloads to a shell, sudo, package-manager hygiene, build tools.
import type { Rule, RuleHit } from '../rule.js';
import type { DockerfileDoc } from './context.js';
import { shippedStages } from './context.js';
import { allCommands, commandLine, commandsOf, hasCacheMount, hasOpt, runs, subcommand, type RunCommand } from './run-util.js';
import { REF } from '../references.js';

const T = 'dockerfile';
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'python', 'python3', 'perl', 'ruby', 'node']);

function hitsFor(cmds: RunCommand[], pred: (c: RunCommand) => string | undefined): RuleHit[] {
  const out: RuleHit[] = [];
  for (const c of cmds) {
    const m = pred(c);
    if (m) out.push({ message: m, line: commandLine(c) });
  }
  return out;
}

export const pipeToShell: Rule<DockerfileDoc> = {
  id: 'DD-DF-009',
  title: 'Download piped straight into a shell',
  severity: 'HIGH',
  target: T,
  description: '`curl … | sh` (or wget) runs whatever the server returns at build time, with no checksum or signature check; a compromised or spoofed server owns the image.',
  remediation: 'Download to a file, verify its checksum or signature, then run it; or install from the distribution package manager.',
  references: [REF.owaspDocker, REF.dockerBestPractices],
  check(doc) {
    const hits: RuleHit[] = [];
    for (const ins of runs(doc)) {
      const cmds = commandsOf(ins);
      for (let k = 0; k + 1 < cmds.length; k++) {
        const c = cmds[k];
        if ((c.program === 'curl' || c.program === 'wget') && c.all[k].next === '|' && SHELLS.has(cmds[k + 1].program))
          hits.push({ message: `${c.program} output is piped into ${cmds[k + 1].program}`, line: commandLine(c) });
      }
      // sh -c "$(curl …)" runs a download the same way
      for (const c of cmds) if (SHELLS.has(c.program) && c.args.some((a) => /\$\((curl|wget)\s/.test(a))) hits.push({ message: `${c.program} runs the output of a download`, line: commandLine(c) });
    }
    return hits;
  },
};

export const sudo: Rule<DockerfileDoc> = {
  id: 'DD-DF-010',
  title: 'RUN uses sudo',
  severity: 'MEDIUM',
  target: T,
  description: 'sudo in a Dockerfile means sudo is installed in the image and configured, giving an attacker an easy route to root; build steps already run as the USER in effect.',
  remediation: 'Switch with `USER root` for the step that needs it and back to the unprivileged user afterwards; do not install sudo.',
  references: [REF.cisDocker, REF.dockerBestPractices],
  check(doc) {
    return hitsFor(allCommands(doc), (c) => (c.via.includes('sudo') || c.program === 'sudo' ? `sudo ${c.program}` : undefined));
  },
};

const APT = new Set(['apt-get', 'apt']);
const isAptInstall = (c: RunCommand) => APT.has(c.program) && subcommand(c.args) === 'install';

export const aptNoYes: Rule<DockerfileDoc> = {
  id: 'DD-DF-011',
  title: "apt-get install without '-y'",
  severity: 'MEDIUM',
  target: T,
  description: 'Without `-y` apt waits for confirmation; a non-interactive build aborts or behaves differently from what was reviewed.',
  remediation: 'Use `apt-get install -y --no-install-recommends …`.',
  references: [REF.dockerBestPractices],
  check(doc) {
    return hitsFor(allCommands(doc), (c) => (isAptInstall(c) && !hasOpt(c.args, '-y', '--yes', '--assume-yes', '-q', '-qq', '--quiet') ? `${c.program} install without -y` : undefined));
  },
};

export const aptRecommends: Rule<DockerfileDoc> = {
  id: 'DD-DF-012',
  title: "apt-get install without '--no-install-recommends'",
  severity: 'LOW',
  target: T,
  description: 'Recommended packages add software the application does not need, growing the image and its attack surface.',
  remediation: 'Add `--no-install-recommends` to `apt-get install`.',
  references: [REF.dockerBestPractices, REF.cisDocker + ' (4.3 Ensure unnecessary packages are not installed)'],
  check(doc) {
    return hitsFor(allCommands(doc), (c) =>
      isAptInstall(c) && !c.args.some((a) => a === '--no-install-recommends' || /APT::Install-Recommends=(false|0)/i.test(a)) ? `${c.program} install without --no-install-recommends` : undefined,
    );
  },
};

export const aptCache: Rule<DockerfileDoc> = {
  id: 'DD-DF-013',
  title: 'apt lists not removed after install',
  severity: 'LOW',
  target: T,
  description: 'Package lists left in /var/lib/apt/lists bloat the layer and go stale; they must be removed in the same RUN to leave the layer.',
  remediation: 'End the RUN with `&& rm -rf /var/lib/apt/lists/*` (or use a `--mount=type=cache` for /var/lib/apt).',
  references: [REF.dockerBestPractices],
  check(doc) {
    const hits: RuleHit[] = [];
    for (const ins of runs(doc)) {
      const cmds = commandsOf(ins);
      const inst = cmds.find(isAptInstall);
      if (!inst || hasCacheMount(ins, /\/var\/(lib|cache)\/apt/)) continue;
      const cleaned = cmds.some((c) => c.program === 'rm' && c.args.some((a) => a.startsWith('/var/lib/apt/lists')));
      if (!cleaned) hits.push({ message: `${inst.program} install without removing /var/lib/apt/lists in the same RUN`, line: commandLine(inst) });
    }
    return hits;
  },
};

export const apkNoCache: Rule<DockerfileDoc> = {
  id: 'DD-DF-014',
  title: "apk add without '--no-cache'",
  severity: 'LOW',
  target: T,
  description: 'apk keeps its index in /var/cache/apk unless told not to, adding stale data to the layer.',
  remediation: 'Use `apk add --no-cache …`.',
  references: [REF.dockerBestPractices],
  check(doc) {
    return hitsFor(allCommands(doc), (c) => {
      if (c.program !== 'apk' || subcommand(c.args) !== 'add' || hasOpt(c.args, '--no-cache') || hasCacheMount(c.ins, /\/var\/cache\/apk/)) return undefined;
      const removed = c.all.some((x) => x.words.includes('rm') && x.words.some((w) => w.startsWith('/var/cache/apk')));
      return removed ? undefined : 'apk add without --no-cache';
    });
  },
};

const PMS: Record<string, string> = { 'apt-get': 'install', apt: 'install', apk: 'add', yum: 'install', dnf: 'install', microdnf: 'install', zypper: 'install' };

export const updateAlone: Rule<DockerfileDoc> = {
  id: 'DD-DF-015',
  title: 'Package index update in a RUN of its own',
  severity: 'MEDIUM',
  target: T,
  description: 'A RUN that only updates the package index is cached as its own layer; later installs then use a stale index and may install outdated, vulnerable versions.',
  remediation: 'Update and install in the same RUN: `apt-get update && apt-get install -y …`.',
  references: [REF.dockerBestPractices, REF.cisDocker + ' (4.7 Ensure update instructions are not used alone)'],
  check(doc) {
    const hits: RuleHit[] = [];
    for (const ins of runs(doc)) {
      const cmds = commandsOf(ins);
      for (const c of cmds) {
        const sub = subcommand(c.args);
        if (!(c.program in PMS) || !(sub === 'update' || (c.program === 'zypper' && (sub === 'refresh' || sub === 'ref')) || (c.program === 'yum' && sub === 'makecache'))) continue;
        if (c.program === 'apk' || c.program === 'yum' || c.program === 'dnf') {
          // `yum update` / `dnf update` upgrade packages (rule DD-DF-016); `apk update` alone is the index case.
          if (c.program !== 'apk') continue;
        }
        const installs = cmds.some((x) => x.program in PMS && ['install', 'add', 'in', 'upgrade', 'dist-upgrade', 'full-upgrade'].includes(subcommand(x.args) ?? ''));
        if (!installs) hits.push({ message: `${c.program} ${sub} without an install in the same RUN`, line: commandLine(c) });
      }
    }
    return hits;
  },
};

export const upgrade: Rule<DockerfileDoc> = {
  id: 'DD-DF-016',
  title: 'Distribution upgrade in the Dockerfile',
  severity: 'LOW',
  target: T,
  description: '`upgrade`/`dist-upgrade` makes the image content depend on the build date instead of the base image; rebuild from a patched base image instead.',
  remediation: 'Remove the upgrade and move to a newer base image tag (or install the specific fixed package).',
  references: [REF.dockerBestPractices, REF.cisDocker],
  check(doc) {
    return hitsFor(allCommands(doc), (c) => {
      const sub = subcommand(c.args) ?? '';
      if ((APT.has(c.program) && ['upgrade', 'dist-upgrade', 'full-upgrade'].includes(sub)) || (c.program === 'apk' && sub === 'upgrade') || (['yum', 'dnf', 'microdnf'].includes(c.program) && ['update', 'upgrade'].includes(sub) && !c.args.slice(c.args.indexOf(sub) + 1).some((a) => !a.startsWith('-'))) || (c.program === 'zypper' && ['update', 'up', 'dist-upgrade', 'dup'].includes(sub)))
        return `${c.program} ${sub} upgrades every package at build time`;
      return undefined;
    });
  },
};

const CLEAN: Record<string, RegExp> = { yum: /^yum$/, dnf: /^dnf$/, microdnf: /^microdnf$/, zypper: /^zypper$/ };

export const rpmCache: Rule<DockerfileDoc> = {
  id: 'DD-DF-017',
  title: 'yum/dnf/zypper cache not cleaned',
  severity: 'LOW',
  target: T,
  description: 'Installing with yum, dnf or zypper leaves package caches in the layer unless cleaned in the same RUN.',
  remediation: 'End the RUN with `&& yum clean all` (`dnf clean all`, `zypper clean`) or `rm -rf /var/cache/yum`.',
  references: [REF.dockerBestPractices],
  check(doc) {
    const hits: RuleHit[] = [];
    for (const ins of runs(doc)) {
      const cmds = commandsOf(ins);
      for (const pm of Object.keys(CLEAN)) {
        const inst = cmds.find((c) => c.program === pm && ['install', 'in', 'groupinstall', 'localinstall'].includes(subcommand(c.args) ?? ''));
        if (!inst) continue;
        const cleaned = cmds.some((c) => (c.program === pm && ['clean', 'cc'].includes(subcommand(c.args) ?? '')) || (c.program === 'rm' && c.args.some((a) => a.startsWith('/var/cache/'))));
        if (!cleaned && !hasCacheMount(ins, /\/var\/cache/)) hits.push({ message: `${pm} install without ${pm} clean in the same RUN`, line: commandLine(inst) });
      }
    }
    return hits;
  },
};

export const runCd: Rule<DockerfileDoc> = {
  id: 'DD-DF-028',
  title: "RUN cd used instead of WORKDIR",
  severity: 'LOW',
  target: T,
  description: 'A RUN that only changes directory has no effect on later instructions; WORKDIR is clearer and persists.',
  remediation: 'Use `WORKDIR /path`.',
  references: [REF.dockerBestPractices],
  check(doc) {
    return runs(doc)
      .filter((ins) => {
        const c = commandsOf(ins);
        return c.length === 1 && c[0].program === 'cd';
      })
      .map((ins) => ({ message: 'RUN cd has no effect on later instructions', line: ins.line }));
  },
};

export const curlAndWget: Rule<DockerfileDoc> = {
  id: 'DD-DF-032',
  title: 'Both curl and wget used',
  severity: 'LOW',
  target: T,
  description: 'Using both download tools usually means both are installed; one is enough and each is a tool an attacker can use.',
  remediation: 'Standardise on one of curl or wget (and remove it from the final image).',
  references: [REF.dockerBestPractices],
  check(doc) {
    const cmds = allCommands(doc);
    const curl = cmds.find((c) => c.program === 'curl');
    const wget = cmds.find((c) => c.program === 'wget');
    return curl && wget ? [{ message: 'both curl and wget are used', line: commandLine(wget.ins.line > curl.ins.line ? wget : curl) }] : [];
  },
};

const BUILD_PKGS = /^(gcc|g\+\+|clang|make|cmake|build-essential|build-base|alpine-sdk|autoconf|automake|libtool|maven|gradle|golang(-go)?|go|rustc|cargo|default-jdk|openjdk-\d+-jdk(-headless)?|java-\d+-openjdk-devel|openjdk\d+-jdk|python3?-dev|.*-dev(el)?)(=.*)?$/s;
const BUILD_BASES = /^(?:[^/]+\/)*(golang|maven|gradle|rust|gcc|buildpack-deps)(:|@|$)|^(?:[^/]+\/)*openjdk:.*jdk|^(?:[^/]+\/)*eclipse-temurin:[^@]*jdk/;

export const buildToolsInFinal: Rule<DockerfileDoc> = {
  id: 'DD-DF-006',
  title: 'Build tools end up in the final image',
  severity: 'MEDIUM',
  target: T,
  description: 'Compilers, build systems and npm development dependencies in the final stage are unnecessary at run time and give an attacker tools to build exploits. A multi-stage build compiles in one stage and copies only the artefacts into a slim runtime stage.',
  remediation: 'Use a multi-stage build: build in `FROM golang:… AS build`, then `COPY --from=build` into a runtime image; install only production npm dependencies (`npm ci --omit=dev`).',
  references: [REF.dockerBestPractices + '#use-multi-stage-builds', REF.cisDocker + ' (4.3 Ensure unnecessary packages are not installed)'],
  check(doc) {
    const hits: RuleHit[] = [];
    const stages = shippedStages(doc);
    const multi = doc.df.stages.length > 1;
    const hint = multi ? '' : ' (single-stage build: use a multi-stage build)';
    const base = doc.fromImages[stages[0]?.index ?? 0] ?? '';
    if (stages.length > 0 && BUILD_BASES.test(base)) hits.push({ message: `final image is built on the build image ${base}${hint}`, line: stages[stages.length - 1].line });
    const prodEnv = stages.some((s) => s.instructions.some((i) => i.keyword === 'ENV' && /NODE_ENV[= ]+["']?production/.test(i.args)));
    for (const s of stages) {
      for (const ins of s.instructions.filter((i) => i.keyword === 'RUN')) {
        for (const c of commandsOf(ins)) {
          const sub = subcommand(c.args);
          if (c.program in PMS && (sub === PMS[c.program] || sub === 'add')) {
            const pkgs = c.args.filter((a) => !a.startsWith('-') && a !== sub && BUILD_PKGS.test(a));
            if (pkgs.length) hits.push({ message: `build tools installed in the final stage: ${pkgs.join(', ')}${hint}`, line: commandLine(c) });
          }
          if ((c.program === 'npm' && (sub === 'install' || sub === 'i' || sub === 'ci') && !prodEnv && !c.args.some((a) => /^--(production|omit=dev|only=prod(uction)?)$/.test(a))) || (c.program === 'yarn' && !prodEnv && (sub === undefined || sub === 'install') && !c.args.includes('--production')))
            if (!c.args.some((a) => /^(-g|--global)$/.test(a))) hits.push({ message: `${c.program} ${sub ?? 'install'} installs development dependencies into the final stage${hint}`, line: commandLine(c) });
        }
      }
    }
    return hits;
  },
};

export const runRulesList = [pipeToShell, sudo, aptNoYes, aptRecommends, aptCache, apkNoCache, updateAlone, upgrade, rpmCache, runCd, curlAndWget, buildToolsInFinal];
