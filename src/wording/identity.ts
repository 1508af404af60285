// The header's account and credentials, as k9s shows its context: "account 123456789012 · profile dev".
import type { CallerIdentity } from '../model/engine.js';
import type { ClassifiedError } from '../model/errors.js';

/** What the app knows of the caller: still asking, known, or the failure. */
export type IdentityView =
  | { status: 'resolving' }
  | { status: 'known'; identity: CallerIdentity }
  | { status: 'failed'; error: ClassifiedError };

/**
 * Where the SDK's default chain takes the credentials from, in its own order: a named profile
 * (--profile, else AWS_PROFILE) skips the environment's keys; without one the keys come first.
 */
export function credentialSource(profile: string | undefined, env: NodeJS.ProcessEnv): string {
  const named = profile ?? env.AWS_PROFILE;
  if (named) return `profile ${named}`;
  if (env.AWS_ACCESS_KEY_ID) return 'env keys';
  return 'profile default';
}

export function identityText(identity: IdentityView, source: string): string {
  switch (identity.status) {
    case 'resolving':
      return `account … · ${source}`;
    case 'known':
      return `account ${identity.identity.account} · ${source}`;
    case 'failed':
      return identity.error.kind === 'credentials'
        ? `no credentials · ${source}`
        : `account unknown · ${source}`;
  }
}
