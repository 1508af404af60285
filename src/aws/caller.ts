// Who is calling, asked of STS before the rest of the SDK has loaded. A new process spends most of
// its first second compiling the SDK's clients; this question needs only STS's, so it is on the
// wire while the others load, and the plan takes its answer instead of asking again.
import { GetCallerIdentityCommand, type GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import { type ClientOptions, ClientPool, type Credentials } from './client-pool.js';

export type CallerAnswer = GetCallerIdentityCommandOutput;

export interface CallerAskedFirst {
  /** The credential chain it resolved, for the engine's clients to share. */
  credentials: Credentials;
  caller: Promise<CallerAnswer>;
}

export function askCallerFirst(options: ClientOptions, signal?: AbortSignal): CallerAskedFirst {
  const pool = new ClientPool(options);
  const caller = pool.sts().send(new GetCallerIdentityCommand({}), signal ? { abortSignal: signal } : {});
  // Whoever takes the answer reports its failure; this copy only closes the connection.
  caller.then(
    () => pool.destroy(),
    () => pool.destroy(),
  );
  return { credentials: pool.credentials, caller };
}
