// Typed errors: every failure carries a stable code and its cause; only src/cli turns them into exit codes.
export type ErrorCode =
  | 'USAGE' // bad flags or arguments
  | 'NOT_FOUND' // image, tag, file or database missing
  | 'AUTH' // registry refused credentials
  | 'NETWORK'
  | 'INVALID_INPUT' // malformed archive, manifest, package db, yaml
  | 'DIGEST_MISMATCH'
  | 'LIMIT' // a size/depth/time limit was hit
  | 'DB' // vulnerability database missing/corrupt
  | 'POLICY' // policy file invalid
  | 'INTERNAL';

export class DrydockError extends Error {
  readonly code: ErrorCode;
  /** What the user can do next; printed under the message. */
  readonly hint?: string;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; hint?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DrydockError';
    this.code = code;
    this.hint = options?.hint;
  }
}

export function isDrydockError(e: unknown): e is DrydockError {
  return e instanceof DrydockError;
}

/** A problem that did not stop the scan: reported next to the partial result. */
export interface Warning {
  /** file (inside the image when relevant) or source the problem is about */
  file?: string;
  layer?: string;
  message: string;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
