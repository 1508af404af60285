// Home's spend line: a scan of every enabled region that fills in region by region. It starts
// when Home is first shown with known credentials, again after a screen that changes what is
// spent (create, teardown, scale) and on `r`; each scan has a request id no flow has seen, and an
// answer to an older one is dropped.
import type { Spend } from '../model/spend.js';
import { newRequestId } from './request-id.js';

export interface SpendState {
  request: number;
  status: 'scanning' | 'done' | 'failed';
  regionsDone: number;
  /** Unknown until the regions are listed. */
  regionsTotal?: number;
  /** While scanning: the regions scanned so far (without IAM and S3); when done: everything. */
  figures?: Spend;
  message?: string;
  /** Something ran since that changes what is spent: Home scans again when it is next shown. */
  stale: boolean;
}

export type SpendAction =
  | { type: 'spend/progress'; request: number; regionsDone: number; regionsTotal: number; figures: Spend }
  | { type: 'spend/done'; request: number; regionsTotal: number; figures: Spend }
  | { type: 'spend/failed'; request: number; message: string }
  /** `r` on Home. */
  | { type: 'spend/rescan' };

export function startSpendScan(): SpendState {
  return { request: newRequestId(), status: 'scanning', regionsDone: 0, stale: false };
}

export function spendReducer(state: SpendState | undefined, action: SpendAction): SpendState | undefined {
  if (action.type === 'spend/rescan') return startSpendScan();
  if (!state || state.request !== action.request || state.status !== 'scanning') return state;
  switch (action.type) {
    case 'spend/progress':
      return {
        ...state,
        regionsDone: Math.max(state.regionsDone, action.regionsDone),
        regionsTotal: action.regionsTotal,
        figures: action.figures,
      };
    case 'spend/done':
      return {
        ...state,
        status: 'done',
        regionsDone: action.regionsTotal,
        regionsTotal: action.regionsTotal,
        figures: action.figures,
      };
    case 'spend/failed':
      return { ...state, status: 'failed', message: action.message };
  }
}

/** The screens that change what is spent: coming back Home from one of them scans again. */
const CHANGING_SCREENS = new Set(['provision', 'teardown', 'scale']);

/**
 * Home's scan, kept up to date after any step of the app: marked stale while a changing screen is
 * open, started when Home shows with known credentials and no fresh scan.
 */
export function followSpend<S extends { screen: string; spend?: SpendState; identity: { status: string } }>(
  state: S,
): S {
  let spend = state.spend;
  if (spend && !spend.stale && CHANGING_SCREENS.has(state.screen)) spend = { ...spend, stale: true };
  if (state.screen === 'home' && state.identity.status === 'known' && (!spend || spend.stale))
    spend = startSpendScan();
  return spend === state.spend ? state : { ...state, spend };
}
