// The endpoint every client is sent to (`--endpoint`, else AWS_ENDPOINT_URL). Kept apart from
// clients.ts, which imports every SDK client: the interactive path needs this before its first
// frame, and importing clients.ts there would load the whole SDK (about 0.7 s) before it draws.
export function resolveEndpoint(endpoint?: string): string | undefined {
  const value = endpoint ?? process.env.AWS_ENDPOINT_URL;
  return value ? value : undefined;
}
