// `~` in a path the user gave (a flag, kube-up's AWS_SSH_KEY, KUBECONFIG), made absolute. Pure but
// for the working directory a relative path resolves against.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The user's home: HOME (so a test's temporary HOME moves every file), else the account's. */
export function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME || env.USERPROFILE || homedir();
}

/** `~/…` and relative paths made absolute (kube-up's AWS_SSH_KEY default is `~/.ssh/kube_aws_rsa`). */
export function expandHome(path: string, env: NodeJS.ProcessEnv = process.env): string {
  if (path === '~') return homeOf(env);
  if (path.startsWith('~/')) return join(homeOf(env), path.slice(2));
  return isAbsolute(path) ? path : resolve(path);
}
