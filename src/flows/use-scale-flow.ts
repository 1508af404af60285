// The adapter between the engine and the Scale screen's state: the plan each time the screen asks
// for one (a new request id), the run once confirmed with every event dispatched, and the calls in
// flight aborted on Ctrl+C (phase `stopping`), when superseded, or when the app closes.
import { type Dispatch, useEffect, useRef } from 'react';
import type { Engine } from '../model/engine.js';
import type { AppAction, AppState } from '../state/app-state.js';
import { callsController, classified } from './engine-calls.js';

export function useScaleFlow(
  state: AppState,
  dispatch: Dispatch<AppAction>,
  loadEngine: () => Promise<Engine>,
): void {
  const working = useRef<{ request: number; controller: AbortController } | undefined>(undefined);

  useEffect(() => () => working.current?.controller.abort(), []);

  const scale = state.screen === 'scale' ? state.scale : undefined;
  const phase = scale?.phase;
  const request = scale?.request;
  const launch = scale?.launch;
  const planNodes = phase?.kind === 'planning' ? phase.nodes : undefined;
  const runPlan = phase?.kind === 'running' ? phase.plan : undefined;

  useEffect(() => {
    if (request === undefined || !launch || working.current?.request === request) return;
    if (planNodes === undefined && !runPlan) return;
    working.current?.controller.abort();
    const controller = callsController();
    working.current = { request, controller };
    const failed = (type: 'scale/plan-failed' | 'scale/failed') => (error: unknown) =>
      classified(error).then((classifiedError) => dispatch({ type, request, error: classifiedError }));
    if (planNodes !== undefined) {
      loadEngine()
        .then((engine) =>
          engine.planScale({
            cluster: launch.cluster,
            nodes: planNodes,
            ...(launch.zone ? { zone: launch.zone } : {}),
            signal: controller.signal,
          }),
        )
        .then((plan) => dispatch({ type: 'scale/planned', request, plan }), failed('scale/plan-failed'));
      return;
    }
    if (!runPlan) return;
    loadEngine()
      .then((engine) =>
        engine.runScale(runPlan, {
          signal: controller.signal,
          onEvent: (event) => dispatch({ type: 'scale/event', request, event }),
        }),
      )
      .then((result) => dispatch({ type: 'scale/finished', request, result }), failed('scale/failed'));
  }, [request, launch, planNodes, runPlan, loadEngine, dispatch]);

  // The first Ctrl+C: cancel the calls in flight; the run then fails as cancelled.
  const stopping = phase?.kind === 'stopping';
  useEffect(() => {
    if (stopping) working.current?.controller.abort();
  }, [stopping]);
}
