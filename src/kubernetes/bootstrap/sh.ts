// Helpers for writing shell scripts in TypeScript template literals.

/**
 * A template tag for shell text: the literal parts are taken raw (backslashes stay as written, so
 * `\` line continuations and printf escapes survive) and `\${` becomes the shell's `${`, while
 * `${expression}` still interpolates TypeScript values.
 */
export function sh(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = '';
  strings.raw.forEach((raw, index) => {
    out += raw.replaceAll('\\${', '${').replaceAll('\\`', '`');
    if (index < values.length) out += String(values[index]);
  });
  return out;
}

/**
 * A single-quoted shell word, always quoted so a script reads the same whatever the value. (Commands
 * printed for the user to paste use wording/command-lines.ts's shellQuote, quoted only when needed.)
 */
export function scriptWord(value: string): string {
  return `'${value.replaceAll("'", `'"'"'`)}'`;
}

/** `NAME='value'` lines. */
export function shellAssignments(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}=${scriptWord(value)}`)
    .join('\n');
}

/** A heredoc that writes `content` verbatim to `path` (the delimiter is chosen not to occur in it). */
export function heredoc(path: string, content: string, mode?: string): string {
  let delimiter = 'KUBE_TUI_EOF';
  while (content.includes(delimiter)) delimiter += '_';
  const body = content.endsWith('\n') ? content : `${content}\n`;
  const chmod = mode ? `\nchmod ${mode} ${scriptWord(path)}` : '';
  return `cat >${scriptWord(path)} <<'${delimiter}'\n${body}${delimiter}${chmod}`;
}
