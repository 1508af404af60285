// The adapter between Engine.discover and the Inventory screen's state: one discovery per request
// id (opening the screen, `r`, coming back from a teardown), the one before it cancelled. A
// failure becomes the sentence classifyError gives.
import { type Dispatch, useEffect, useRef } from 'react';
import { classifyError } from '../aws/errors.js';
import type { Engine } from '../model/engine.js';
import type { AppAction, AppState } from '../state/app-state.js';

export function useInventoryFlow(
  state: AppState,
  dispatch: Dispatch<AppAction>,
  loadEngine: () => Promise<Engine>,
): void {
  const inFlight = useRef<{ request: number; controller: AbortController } | undefined>(undefined);

  useEffect(() => () => inFlight.current?.controller.abort(), []);

  const request = state.screen === 'inventory' ? state.inventory?.request : undefined;
  useEffect(() => {
    if (request === undefined || inFlight.current?.request === request) return;
    inFlight.current?.controller.abort();
    const controller = new AbortController();
    inFlight.current = { request, controller };
    loadEngine()
      .then((engine) => engine.discover({ signal: controller.signal }))
      .then(
        (inventory) => {
          if (!controller.signal.aborted) dispatch({ type: 'inventory/loaded', request, inventory });
        },
        (error: unknown) => {
          if (!controller.signal.aborted)
            dispatch({ type: 'inventory/failed', request, message: classifyError(error).message });
        },
      );
  }, [request, loadEngine, dispatch]);
}
