// Paths of files inside Java archives: `/app.war:WEB-INF/lib/x.jar`, nested to any depth.
import { JAVA_ARCHIVE_EXTENSIONS } from './filename.js';

export const NESTED_PATH_SEPARATOR = ':';

/** where a nested path starts: the first Java archive name followed by the separator */
const NESTED_START = new RegExp(`\\.(?:${JAVA_ARCHIVE_EXTENSIONS.join('|')})${NESTED_PATH_SEPARATOR}`, 'i');

/**
 * The file in the image a location stands for: the outer archive of a nested jar (`/a.war:WEB-INF/lib/b.jar` ->
 * `/a.war`). A ':' is legal in file names: only one right after a Java archive name starts a nested path, so
 * `/opt/tomcat:8.5/lib/catalina.jar` and `node_modules/a:b/package.json` stand for themselves.
 */
export function outerFile(path: string): string {
  if (!path.includes(NESTED_PATH_SEPARATOR)) return path;
  const m = NESTED_START.exec(path);
  return m ? path.slice(0, m.index + m[0].length - 1) : path;
}

/** Whether a location lies inside an archive (see outerFile). */
export function isNestedPath(path: string): boolean {
  return outerFile(path) !== path;
}
