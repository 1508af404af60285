// The adapter between the engine and the app's reducer: it loads the engine lazily, fetches the
// region and zone lists, asks for the plan and runs provisioning, turning every answer and event
// into an action. Screens never see the engine; the reducer never sees a promise.
import { type Dispatch, useEffect, useRef } from 'react';
import { type Engine, ProvisionError } from '../model/engine.js';
import { clusterResourceRefs } from '../model/inventory.js';
import type { AppAction, AppState } from '../state/app-state.js';
import type { ProvisionFailure } from '../state/provision.js';
import { callsController, classified } from './engine-calls.js';

/** What to show for a failed call: AWS errors classified, anything else by its own message. */
async function messageOf(error: unknown): Promise<string> {
  const classifiedError = await classified(error);
  return classifiedError.kind === 'other' && error instanceof Error ? error.message : classifiedError.message;
}

async function toFailure(error: unknown): Promise<ProvisionFailure> {
  if (error instanceof ProvisionError)
    return { step: error.step, error: error.error, existing: error.existing };
  return { error: await classified(error) };
}

export function useCreateFlow(
  state: AppState,
  dispatch: Dispatch<AppAction>,
  loadEngine: () => Promise<Engine>,
): void {
  const engineRef = useRef<Engine | undefined>(undefined);
  // Aborted when the app unmounts: list and plan calls need no finer control.
  const lifetime = useRef(callsController());
  const provisionRun = useRef<{ run: number; controller: AbortController } | undefined>(undefined);

  useEffect(() => {
    const controller = lifetime.current;
    return () => {
      controller.abort();
      provisionRun.current?.controller.abort();
    };
  }, []);

  // The engine, once the create flow starts.
  const wantsEngine = state.wizard !== undefined && state.engine.status === 'idle';
  useEffect(() => {
    if (!wantsEngine) return;
    dispatch({ type: 'engine/status', engine: { status: 'loading' } });
    loadEngine().then(
      (engine) => {
        engineRef.current = engine;
        dispatch({ type: 'engine/status', engine: { status: 'ready' } });
      },
      (error: unknown) =>
        messageOf(error).then((message) =>
          dispatch({ type: 'engine/status', engine: { status: 'failed', message } }),
        ),
    );
  }, [wantsEngine, loadEngine, dispatch]);

  const engineReady = state.engine.status === 'ready';
  const engineFailure = state.engine.status === 'failed' ? state.engine.message : undefined;

  // Regions, then the zones of the chosen region.
  const regionsIdle = state.wizard?.regions.status === 'idle';
  useEffect(() => {
    if (!regionsIdle) return;
    if (engineFailure) {
      dispatch({ type: 'wizard/regions', list: { status: 'failed', message: engineFailure } });
      return;
    }
    const engine = engineRef.current;
    if (!engineReady || !engine) return;
    dispatch({ type: 'wizard/regions', list: { status: 'loading' } });
    engine.listRegions(lifetime.current.signal).then(
      (value) => dispatch({ type: 'wizard/regions', list: { status: 'loaded', value } }),
      (error: unknown) => {
        if (lifetime.current.signal.aborted) return;
        return messageOf(error).then((message) =>
          dispatch({ type: 'wizard/regions', list: { status: 'failed', message } }),
        );
      },
    );
  }, [regionsIdle, engineReady, engineFailure, dispatch]);

  const region = state.wizard?.config.region;
  const zonesFor = state.wizard ? state.wizard.zones : undefined;
  const zonesNeeded =
    region !== undefined &&
    zonesFor !== undefined &&
    (zonesFor.region !== region || zonesFor.list.status === 'idle');
  useEffect(() => {
    if (!zonesNeeded || region === undefined) return;
    if (engineFailure) {
      dispatch({ type: 'wizard/zones', region, list: { status: 'failed', message: engineFailure } });
      return;
    }
    const engine = engineRef.current;
    if (!engineReady || !engine) return;
    dispatch({ type: 'wizard/zones', region, list: { status: 'loading' } });
    engine.listZones(region, lifetime.current.signal).then(
      (value) => dispatch({ type: 'wizard/zones', region, list: { status: 'loaded', value } }),
      (error: unknown) => {
        if (lifetime.current.signal.aborted) return;
        return messageOf(error).then((message) =>
          dispatch({ type: 'wizard/zones', region, list: { status: 'failed', message } }),
        );
      },
    );
  }, [zonesNeeded, region, engineReady, engineFailure, dispatch]);

  // The plan, each time the Review screen asks for one.
  const planRequest =
    state.screen === 'review' && state.review?.status === 'planning' ? state.review.request : undefined;
  const config = state.wizard?.config;
  const plannedRequest = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (planRequest === undefined || !config || plannedRequest.current === planRequest) return;
    if (engineFailure) {
      dispatch({ type: 'review/plan-failed', request: planRequest, message: engineFailure });
      return;
    }
    const engine = engineRef.current;
    if (!engineReady || !engine) return;
    plannedRequest.current = planRequest;
    engine.plan(config, lifetime.current.signal).then(
      (plan) => dispatch({ type: 'review/planned', request: planRequest, plan }),
      (error: unknown) => {
        if (lifetime.current.signal.aborted) return;
        return messageOf(error).then((message) =>
          dispatch({ type: 'review/plan-failed', request: planRequest, message }),
        );
      },
    );
  }, [planRequest, config, engineReady, engineFailure, dispatch]);

  // Provisioning: one engine run per run id (Retry and a new create each make a new one); Ctrl+C
  // aborts the run.
  const run = state.screen === 'provision' ? state.provision?.run : undefined;
  const phase = state.provision?.phase.kind;
  const plan = state.plan;
  useEffect(() => {
    if (run === undefined || phase !== 'running' || !plan) return;
    if (provisionRun.current?.run === run) return;
    const engine = engineRef.current;
    if (!engine) return;
    const controller = callsController();
    provisionRun.current = { run, controller };
    engine
      .provision(plan, {
        signal: controller.signal,
        onEvent: (event) => dispatch({ type: 'provision/event', run, event }),
      })
      .then(
        (result) => dispatch({ type: 'provision/succeeded', run, result }),
        (error: unknown) =>
          toFailure(error).then((failure) => dispatch({ type: 'provision/failed', run, failure })),
      );
  }, [run, phase, plan, dispatch]);

  useEffect(() => {
    if (phase === 'stopping') provisionRun.current?.controller.abort();
  }, [phase]);

  // Once stopped, a fresh discovery of the cluster gives the exact list of what exists.
  const scanning =
    phase === 'stopped' &&
    state.provision?.phase.kind === 'stopped' &&
    state.provision.phase.scan?.status === 'scanning';
  const clusterName = state.plan?.config.name;
  const clusterRegion = state.plan?.config.region;
  useEffect(() => {
    if (!scanning || run === undefined || !clusterName || !clusterRegion) return;
    const engine = engineRef.current;
    if (!engine) return;
    engine.discover({ regions: [clusterRegion], signal: lifetime.current.signal }).then(
      (inventory) => {
        const resources = clusterResourceRefs(inventory, { name: clusterName, region: clusterRegion });
        dispatch({ type: 'provision/stop-scan', run, scan: { status: 'done', resources } });
      },
      (error: unknown) => {
        if (lifetime.current.signal.aborted) return;
        return messageOf(error).then((message) =>
          dispatch({ type: 'provision/stop-scan', run, scan: { status: 'failed', message } }),
        );
      },
    );
  }, [scanning, run, clusterName, clusterRegion, dispatch]);
}
