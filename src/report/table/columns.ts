// Plain column layout: widths from the content, ANSI codes ignored when measuring.
const ANSI = /\u001b\[[0-9;]*m/g;

export function visibleLength(s: string): number {
  return s.replace(ANSI, '').length;
}

export function layoutRows(header: string[], rows: string[][], styleHeader: (s: string) => string = (s) => s): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i] - visibleLength(c))))
      .join('  ')
      .trimEnd();
  return [styleHeader(line(header)), ...rows.map(line)];
}
