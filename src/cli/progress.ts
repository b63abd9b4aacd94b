// One-line progress on a TTY's stderr; silent otherwise (CI logs stay clean) and with --quiet.
import type { CliIO } from './io.js';

export interface Progress {
  update(text: string): void;
  done(): void;
}

export function progress(io: CliIO): Progress {
  const stream = io.stderr as NodeJS.WriteStream;
  if (io.quiet || !stream.isTTY) return { update: () => {}, done: () => {} };
  let shown = false;
  return {
    update(text) {
      const width = Math.max(20, (stream.columns ?? 80) - 1);
      stream.write(`\r\x1b[2K${text.slice(0, width)}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}
