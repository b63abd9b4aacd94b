// Application (language) catalogers, listed explicitly: images get installed packages and binaries,
// `drydock fs DIR` additionally gets lockfiles and manifests.
import type { Cataloger } from './types.js';
import { lockfileCataloger } from './app-lockfile.js';
import { javaArchiveCataloger } from './java/cataloger.js';
import { tomcatReleaseNotesCataloger } from './java/tomcat.js';
import { parsePomXml } from './java/pom-xml.js';
import { GRADLE_LOCK_CATALOGER, isGradleLockfile, parseGradleLockfile } from './java/gradle-lockfile.js';
import { npmInstalledCataloger } from './node/package-json.js';
import { parsePackageLock, parsePnpmLock, parseYarnLock } from './node/lockfiles.js';
import { parseBunLock } from './node/bun-lock.js';
import { pythonInstalledCataloger } from './python/metadata.js';
import { parsePipfileLock, parsePoetryLock, parseRequirements } from './python/lockfiles.js';
import { isPylock, parsePylock, parseUvLock } from './python/uv-lock.js';
import { goBinaryCataloger } from './golang/cataloger.js';
import { parseGoMod } from './golang/go-mod.js';
import { cargoAuditableCataloger, parseCargoLock } from './rust/cargo.js';
import { gemspecCataloger, parseGemfileLock } from './ruby/gems.js';
import { composerInstalledCataloger, parseComposerLock } from './php/composer.js';
import { dotnetDepsCataloger, isPackagesProps, parsePackagesConfig, parsePackagesLock, parsePackagesProps } from './dotnet/nuget.js';

export const imageAppCatalogers: Cataloger[] = [
  javaArchiveCataloger(),
  tomcatReleaseNotesCataloger,
  npmInstalledCataloger,
  pythonInstalledCataloger,
  goBinaryCataloger,
  cargoAuditableCataloger,
  gemspecCataloger,
  composerInstalledCataloger,
  dotnetDepsCataloger,
];

export const lockfileCatalogers: Cataloger[] = [
  lockfileCataloger({ name: 'javascript-package-lock-cataloger', files: ['package-lock.json', 'npm-shrinkwrap.json'], parse: parsePackageLock }),
  lockfileCataloger({ name: 'javascript-yarn-lock-cataloger', files: ['yarn.lock'], parse: parseYarnLock }),
  lockfileCataloger({ name: 'javascript-pnpm-lock-cataloger', files: ['pnpm-lock.yaml'], parse: parsePnpmLock }),
  lockfileCataloger({ name: 'javascript-bun-lock-cataloger', files: ['bun.lock'], parse: parseBunLock }),
  lockfileCataloger({ name: 'python-requirements-cataloger', files: { test: (b) => /^requirements.*\.txt$/.test(b), extensions: ['.txt'] }, parse: parseRequirements }),
  lockfileCataloger({ name: 'python-poetry-lock-cataloger', files: ['poetry.lock'], parse: parsePoetryLock }),
  lockfileCataloger({ name: 'python-pipfile-lock-cataloger', files: ['Pipfile.lock'], parse: parsePipfileLock }),
  lockfileCataloger({ name: 'python-uv-lock-cataloger', files: ['uv.lock'], parse: parseUvLock }),
  lockfileCataloger({ name: 'python-pylock-cataloger', files: { test: isPylock, extensions: ['.toml'] }, parse: parsePylock }),
  lockfileCataloger({ name: 'go-mod-cataloger', files: ['go.mod'], parse: parseGoMod }),
  lockfileCataloger({ name: 'rust-cargo-lock-cataloger', files: ['Cargo.lock'], parse: parseCargoLock }),
  lockfileCataloger({ name: 'ruby-gemfile-lock-cataloger', files: ['Gemfile.lock'], parse: parseGemfileLock }),
  lockfileCataloger({ name: 'php-composer-lock-cataloger', files: ['composer.lock'], parse: parseComposerLock }),
  lockfileCataloger({ name: 'dotnet-packages-lock-cataloger', files: ['packages.lock.json'], parse: parsePackagesLock }),
  lockfileCataloger({ name: 'dotnet-packages-config-cataloger', files: ['packages.config'], parse: parsePackagesConfig }),
  lockfileCataloger({ name: 'dotnet-packages-props-cataloger', files: { test: isPackagesProps, extensions: ['.props'] }, parse: parsePackagesProps }),
  lockfileCataloger({ name: 'java-pom-cataloger', files: ['pom.xml'], parse: parsePomXml }),
  lockfileCataloger({ name: GRADLE_LOCK_CATALOGER, files: { test: isGradleLockfile, extensions: ['.lockfile'] }, parse: parseGradleLockfile }),
];

export const dirAppCatalogers: Cataloger[] = [...imageAppCatalogers, ...lockfileCatalogers];
