// The adapter between the engine's all-regions scan and Home's spend line (state/spend.ts): one
// scan per request id it has not seen, the one before it cancelled, each region's figures
// dispatched as it finishes. The scan goes on while the user is on another screen.
import { type Dispatch, useEffect, useRef } from 'react';
import type { Engine } from '../model/engine.js';
import { spendOf } from '../model/spend.js';
import type { AppAction, AppState } from '../state/app-state.js';
import { callsController, classified } from './engine-calls.js';

export function useSpendFlow(
  state: AppState,
  dispatch: Dispatch<AppAction>,
  loadEngine: () => Promise<Engine>,
): void {
  const scanning = useRef<{ request: number; controller: AbortController } | undefined>(undefined);

  useEffect(() => () => scanning.current?.controller.abort(), []);

  const request = state.spend?.status === 'scanning' ? state.spend.request : undefined;
  useEffect(() => {
    if (request === undefined || scanning.current?.request === request) return;
    scanning.current?.controller.abort();
    const controller = callsController();
    scanning.current = { request, controller };
    const { signal } = controller;
    loadEngine()
      .then((engine) =>
        engine.scanAllRegions({
          signal,
          onRegion: (progress) => {
            if (signal.aborted) return;
            dispatch({
              type: 'spend/progress',
              request,
              regionsDone: progress.regionsDone,
              regionsTotal: progress.regionsTotal,
              figures: spendOf(progress.inventory),
            });
          },
        }),
      )
      .then(
        (inventory) => {
          if (signal.aborted) return;
          dispatch({
            type: 'spend/done',
            request,
            regionsTotal: inventory.regions.length,
            figures: spendOf(inventory),
          });
        },
        (error: unknown) => {
          if (signal.aborted) return;
          return classified(error).then(({ message }) =>
            dispatch({ type: 'spend/failed', request, message }),
          );
        },
      );
  }, [request, loadEngine, dispatch]);
}
