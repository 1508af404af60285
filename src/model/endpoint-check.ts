// `--endpoint` (or AWS_ENDPOINT_URL) is checked before any engine is made: a value the SDK cannot use
// ("garbage", ftp://) would otherwise fail late, as a TypeError, with the wrong exit code.
import { UsageError } from './exit.js';

/** The endpoint as given when it is an http(s) URL with a host; UsageError (exit 2) otherwise. */
export function validEndpoint(value: string, origin = '--endpoint'): string {
  const problem = 'an http:// or https:// URL with a host, such as http://127.0.0.1:5000';
  const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${origin} ${shown}: expected ${problem}`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '' || /\s/.test(value)) {
    throw new UsageError(`${origin} ${shown}: expected ${problem}`);
  }
  return value;
}

/** --endpoint, else AWS_ENDPOINT_URL, checked; undefined when neither is set. */
export function checkedEndpoint(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (flag !== undefined) return validEndpoint(flag);
  const fromEnv = env.AWS_ENDPOINT_URL;
  return fromEnv ? validEndpoint(fromEnv, 'AWS_ENDPOINT_URL') : undefined;
}
