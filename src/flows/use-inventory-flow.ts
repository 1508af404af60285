// The adapter between the engine and the Inventory screen's state (inventory-screen.ts): one
// discovery per request id it has not seen (opening the screen, `r`, coming back from a teardown),
// the one before it cancelled, every answer dispatched with the request that asked for it. A failure
// becomes the engine's classified sentence.
import { type Dispatch, useEffect, useRef } from 'react';
import type { Engine } from '../model/engine.js';
import type { AppAction, AppState } from '../state/app-state.js';
import { callsController, classified } from './engine-calls.js';

export function useInventoryFlow(
  state: AppState,
  dispatch: Dispatch<AppAction>,
  loadEngine: () => Promise<Engine>,
): void {
  const discovering = useRef<{ request: number; controller: AbortController } | undefined>(undefined);

  useEffect(() => () => discovering.current?.controller.abort(), []);

  const request = state.screen === 'inventory' ? state.inventory?.request : undefined;
  useEffect(() => {
    if (request === undefined || discovering.current?.request === request) return;
    discovering.current?.controller.abort();
    const controller = callsController();
    discovering.current = { request, controller };
    loadEngine()
      .then((engine) => engine.discover({ signal: controller.signal }))
      .then(
        (inventory) => {
          if (!controller.signal.aborted) dispatch({ type: 'inventory/loaded', request, inventory });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          return classified(error).then(({ message }) =>
            dispatch({ type: 'inventory/failed', request, message }),
          );
        },
      );
  }, [request, loadEngine, dispatch]);
}
