// Text tables sized to their content: each column as wide as its widest cell (up to a cap), a gap
// of two spaces between columns so cells never run together, columns with no data left out, and
// the last column wrapped at the width given. Shared by the Inventory screen and `inventory`. Pure.

const GAP = '  ';

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
export function wrapText(text: string, width: number): string[] {
  if (width <= 0 || text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** `text` wrapped at `width`, continuation lines indented by `indent` spaces. */
export function wrapIndented(text: string, width: number, indent: number): string[] {
  const [first = '', ...rest] = wrapText(text, width);
  return [
    first,
    ...rest.flatMap((line) => wrapText(line, width - indent).map((part) => ' '.repeat(indent) + part)),
  ];
}

export interface TableOptions {
  /** The widest a column may grow (per column); a longer cell is cut with … . */
  caps?: number[];
  /** Where the last column wraps (characters from the table's left edge); none: never. */
  width?: number;
}

/** The table's lines: a header, then one row each (a long last cell continues on more lines). */
export function layoutTable(header: string[], rows: string[][], options: TableOptions = {}): string[] {
  const used = header.map((_, column) => rows.some((row) => (row[column] ?? '') !== ''));
  const keep = <T>(cells: T[]) => cells.filter((_, column) => used[column]);
  const heads = keep(header);
  const body = rows.map(keep);
  const caps = keep(header.map((_, column) => options.caps?.[column] ?? Number.POSITIVE_INFINITY));
  const widths = heads.map((title, column) =>
    Math.min(caps[column]!, Math.max(title.length, ...body.map((row) => (row[column] ?? '').length))),
  );
  const cut = (cell: string, width: number) => (cell.length > width ? `${cell.slice(0, width - 1)}…` : cell);
  const render = (cells: string[]): string[] => {
    const last = cells.length - 1;
    const head = cells
      .slice(0, last)
      .map((cell, column) => cut(cell, widths[column]!).padEnd(widths[column]!))
      .join(GAP);
    const lead = last > 0 ? head.length + GAP.length : 0;
    const tail = cut(cells[last] ?? '', caps[last] ?? Number.POSITIVE_INFINITY);
    const room = options.width ? Math.max(12, options.width - lead) : 0;
    const [first = '', ...more] = room ? wrapText(tail, room) : [tail];
    return [
      `${last > 0 ? head + GAP : ''}${first}`.trimEnd(),
      ...more.map((line) => `${' '.repeat(lead)}${line}`),
    ];
  };
  return [render(heads)[0]!, ...body.flatMap(render)];
}
