// Resolves who the credentials are (STS GetCallerIdentity) once the first frame is drawn: the
// engine, and with it the SDK, is loaded only after that frame, so start-up stays fast. One call
// per request id: `r` on the missing-credentials screen asks again.
import { type Dispatch, useEffect, useRef } from 'react';
import type { Engine } from '../model/engine.js';
import type { AppAction, AppState } from '../state/app-state.js';
import { classified } from './engine-calls.js';

export function useIdentityFlow(
  state: AppState,
  dispatch: Dispatch<AppAction>,
  loadEngine: () => Promise<Engine>,
): void {
  const asked = useRef<number | undefined>(undefined);
  const lifetime = useRef(new AbortController());
  useEffect(() => {
    const controller = lifetime.current;
    return () => controller.abort();
  }, []);

  const request = state.identity.status === 'resolving' ? state.identity.request : undefined;
  useEffect(() => {
    if (request === undefined || asked.current === request) return;
    asked.current = request;
    const { signal } = lifetime.current;
    loadEngine()
      .then((engine) => engine.identity(signal))
      .then(
        (identity) => dispatch({ type: 'identity/known', request, identity }),
        (error: unknown) => {
          if (!signal.aborted)
            void classified(error).then((classifiedError) =>
              dispatch({ type: 'identity/failed', request, error: classifiedError }),
            );
        },
      );
  }, [request, loadEngine, dispatch]);
}
