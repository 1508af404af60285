// The options every command takes: where AWS is and who calls it.
export interface GlobalOptions {
  region?: string;
  profile?: string;
  endpoint?: string;
}
