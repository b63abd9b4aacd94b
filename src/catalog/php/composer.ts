// PHP: vendor/composer/installed.json (Composer 1 array, Composer 2 {packages}) and composer.lock.
import type { Cataloger } from '../types.js';
import type { FileInput } from '../../image/layer/types.js';
import type { Location, Package } from '../../sbom/model.js';
import { appPackage, isObject, locationOf, str, tryJson } from '../app-common.js';
import type { LockfileParser } from '../app-lockfile.js';

export const COMPOSER_INSTALLED_CATALOGER = 'php-composer-installed-cataloger';

function composerPackages(list: unknown, loc: Location, foundBy: string, dev = false): Package[] {
  if (!Array.isArray(list)) return [];
  const out: Package[] = [];
  for (const p of list) {
    if (!isObject(p)) continue;
    const name = str(p.name);
    const version = str(p.version)?.replace(/^v(?=\d)/, '');
    if (!name || !version) continue;
    const slash = name.indexOf('/');
    const licenses = Array.isArray(p.license) ? p.license.filter((l): l is string => typeof l === 'string') : str(p.license) ? [str(p.license)!] : [];
    out.push(
      appPackage({
        name,
        version,
        type: 'composer',
        foundBy,
        location: loc,
        namespace: slash > 0 ? name.slice(0, slash) : undefined,
        purlName: slash > 0 ? name.slice(slash + 1) : name,
        licenses,
        metadata: dev ? { dev: true } : undefined,
      }),
    );
  }
  return out;
}

export function parseInstalledJson(file: FileInput, warn: (m: string) => void): Package[] {
  const json = tryJson(file.content);
  const list = Array.isArray(json) ? json : isObject(json) ? json.packages : undefined;
  if (!Array.isArray(list)) {
    warn('installed.json is neither a package array nor {packages: […]}');
    return [];
  }
  return composerPackages(list, locationOf(file), COMPOSER_INSTALLED_CATALOGER);
}

export const composerInstalledCataloger: Cataloger = {
  name: COMPOSER_INSTALLED_CATALOGER,
  maxFileSize: 32 * 1024 * 1024,
  wants: (meta) => meta.kind === 'file' && meta.path.endsWith('/vendor/composer/installed.json'),
  select: { names: ['installed.json'] },
  parseFile: (file, ctx) =>
    parseInstalledJson(file, (message) => ctx.warn({ file: file.meta.path, ...(file.layerDiffId ? { layer: file.layerDiffId } : {}), message })),
};

export const parseComposerLock: LockfileParser = (text, loc, warn) => {
  const json = tryJson(text);
  if (!isObject(json)) {
    warn('composer.lock is not valid JSON');
    return [];
  }
  return [...composerPackages(json.packages, loc, 'php-composer-lock-cataloger'), ...composerPackages(json['packages-dev'], loc, 'php-composer-lock-cataloger', true)];
};
