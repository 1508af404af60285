// The adapter between the engine and the Teardown screen's state: it asks for the plan (a fresh
// discovery) each time the screen plans, runs the confirmed plan turning every event into an
// action, and aborts the calls in flight on Ctrl+C (phase `stopping`) or when the app closes.
import { type Dispatch, useEffect, useRef } from 'react';
import type { Engine } from '../model/engine.js';
import type { AppAction, AppState } from '../state/app-state.js';
import { callsController, classified } from './engine-calls.js';

export function useTeardownFlow(
  state: AppState,
  dispatch: Dispatch<AppAction>,
  loadEngine: () => Promise<Engine>,
): void {
  const planning = useRef<{ request: number; controller: AbortController } | undefined>(undefined);
  const running = useRef<{ plan: object; controller: AbortController } | undefined>(undefined);

  useEffect(
    () => () => {
      planning.current?.controller.abort();
      running.current?.controller.abort();
    },
    [],
  );

  const teardown = state.screen === 'teardown' ? state.teardown : undefined;
  const phase = teardown?.phase;
  const request = teardown?.request;
  const launch = teardown?.launch;

  // The plan, each time the screen asks for one (a new request number).
  const wantsPlan = phase?.kind === 'planning' && request !== undefined && launch !== undefined;
  useEffect(() => {
    if (!wantsPlan || !launch || request === undefined) return;
    if (planning.current?.request === request) return;
    planning.current?.controller.abort();
    const controller = callsController();
    planning.current = { request, controller };
    loadEngine()
      .then((engine) =>
        engine.planTeardown({
          target: launch.target,
          ...(launch.bucket ? { bucket: launch.bucket } : {}),
          ...(launch.forceRevoke ? { forceRevoke: true } : {}),
          signal: controller.signal,
        }),
      )
      .then(
        (plan) => dispatch({ type: 'teardown/planned', request, plan }),
        (error: unknown) => {
          if (controller.signal.aborted) return;
          return classified(error).then((classifiedError) =>
            dispatch({ type: 'teardown/plan-failed', request, error: classifiedError }),
          );
        },
      );
  }, [wantsPlan, launch, request, loadEngine, dispatch]);

  // The run, once the name was typed.
  const plan = phase?.kind === 'running' ? phase.plan : undefined;
  const dataVolumes = phase?.kind === 'running' ? phase.dataVolumes : undefined;
  useEffect(() => {
    if (!plan || !launch || running.current?.plan === plan) return;
    const controller = callsController();
    running.current = { plan, controller };
    loadEngine()
      .then(async (engine) => {
        let chosen = plan;
        if (dataVolumes && dataVolumes.length > 0) {
          // The plan module comes with the engine (it is not in the first frame's imports).
          const { withDataVolumes } = await import('../aws/teardown-plan.js');
          chosen = withDataVolumes(plan, dataVolumes);
          // The phase now holds the plan run; this effect sees it as the one already running.
          running.current = { plan: chosen, controller };
          dispatch({ type: 'teardown/chosen', plan: chosen });
        }
        return engine.runTeardown(chosen, {
          signal: controller.signal,
          ...(launch.timeoutMs ? { timeoutMs: launch.timeoutMs } : {}),
          onEvent: (event) => dispatch({ type: 'teardown/event', event }),
        });
      })
      .then(
        (result) => dispatch({ type: 'teardown/finished', result }),
        (error: unknown) =>
          classified(error).then((classifiedError) =>
            dispatch({ type: 'teardown/failed', error: classifiedError }),
          ),
      );
  }, [plan, dataVolumes, launch, loadEngine, dispatch]);

  // The first Ctrl+C: cancel the calls in flight; the engine then resolves with what is left.
  const stopping = phase?.kind === 'stopping';
  useEffect(() => {
    if (stopping) running.current?.controller.abort();
  }, [stopping]);
}
