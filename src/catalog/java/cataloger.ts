// The Java archive cataloger: every .jar/.war/.ear/.par/.jpi/.hpi in the image, read as a zip in memory.
import type { Cataloger } from '../types.js';
import type { FileMeta } from '../../image/layer/types.js';
import { locationOf } from '../app-common.js';
import { scanJavaArchive, DEFAULT_JAVA_LIMITS, type JavaLimits } from './archive.js';
import { JAVA_CATALOGER } from './identity.js';

/** top-level files read as Java archives (nested ones: JAVA_ARCHIVE_EXTENSIONS) */
const EXTENSIONS = ['jar', 'war', 'ear', 'par', 'jpi', 'hpi'];
const WANTED_RE = new RegExp(`\\.(${EXTENSIONS.join('|')})$`, 'i');

export function javaArchiveCataloger(limits: JavaLimits = DEFAULT_JAVA_LIMITS): Cataloger {
  return {
    name: JAVA_CATALOGER,
    maxFileSize: 1024 * 1024 * 1024,
    wants: (meta: FileMeta) => meta.kind === 'file' && meta.size > 0 && WANTED_RE.test(meta.path),
    select: { extensions: EXTENSIONS.map((x) => `.${x}`) },
    parseFile: (file, ctx) => scanJavaArchive(file.content, locationOf(file), ctx, limits),
  };
}
