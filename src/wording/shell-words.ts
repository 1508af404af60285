// Every command kube-tui prints for the user to paste (resume, remove, run again) is built here, so
// each word is quoted once and the same way: a path with spaces or a quote survives the paste.

/** A word as the shell reads it back unchanged: bare when it is safe, else single-quoted. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:@=,+%^-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** `kube-tui` and its words, each quoted. */
export function commandLine(words: readonly string[]): string {
  return ['kube-tui', ...words.map(shellQuote)].join(' ');
}

export interface ConnectionFlags {
  profile?: string | undefined;
  endpoint?: string | undefined;
}

/** `--profile P --endpoint URL` as given, so a printed command talks to the same account. */
export function connectionWords(flags: ConnectionFlags): string[] {
  return [
    ...(flags.profile ? ['--profile', flags.profile] : []),
    ...(flags.endpoint ? ['--endpoint', flags.endpoint] : []),
  ];
}

/** `kube-tui down --cluster C --region R [--bucket B --bucket-region R] [--profile P] [--endpoint U]`. */
export function downCommandWords(input: {
  cluster: string;
  region: string;
  bucket?: { name: string; region: string } | undefined;
  connection?: ConnectionFlags;
}): string[] {
  return [
    'down',
    '--cluster',
    input.cluster,
    '--region',
    input.region,
    ...(input.bucket ? ['--bucket', input.bucket.name, '--bucket-region', input.bucket.region] : []),
    ...connectionWords(input.connection ?? {}),
  ];
}
