import type { TagMap } from '../model/resource-types.js';
import type { AwsClients } from './clients.js';

/** What every engine function needs: the clients, the region it works in, and a cancel signal. */
export interface AwsContext {
  readonly clients: AwsClients;
  readonly region: string;
  readonly signal?: AbortSignal;
  /**
   * Provisioning only: the lifecycle tags (deadline, protection) every resource the cluster owns
   * carries beside its cluster tags; ownedTagsIn adds them.
   */
  readonly lifecycleTags?: TagMap;
}

/** The options of every SDK call: passes the cancel signal through. */
export function callOptions(ctx: AwsContext): { abortSignal?: AbortSignal } {
  return ctx.signal ? { abortSignal: ctx.signal } : {};
}
