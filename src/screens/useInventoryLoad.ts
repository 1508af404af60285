// The adapter between Engine.discover and the Inventory screen: runs a discovery on mount and on
// every refresh (cancelling the one in flight), keeps the last inventory on screen while a refresh
// runs, and turns a failure into the sentence classifyError gives.
import { useCallback, useEffect, useRef, useState } from 'react';
import { classifyError } from '../aws/errors.js';
import type { DiscoverRequest, Engine } from '../state/engine.js';
import type { InventoryLoad } from '../state/inventory-screen.js';

export function useInventoryLoad(
  engine: Pick<Engine, 'discover'>,
  request: Omit<DiscoverRequest, 'signal'> = {},
): { load: InventoryLoad; refresh: () => void } {
  const [load, setLoad] = useState<InventoryLoad>({ status: 'loading' });
  const inFlight = useRef<AbortController | undefined>(undefined);
  const allRegions = Boolean(request.allRegions);
  const regions = request.regions?.join(',');

  const refresh = useCallback(() => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setLoad((previous) =>
      previous.status === 'loaded'
        ? { ...previous, refreshing: true }
        : previous.status === 'failed' && previous.inventory
          ? { status: 'loaded', inventory: previous.inventory, refreshing: true }
          : { status: 'loading' },
    );
    engine
      .discover({
        allRegions,
        ...(regions ? { regions: regions.split(',') } : {}),
        signal: controller.signal,
      })
      .then(
        (inventory) => {
          if (!controller.signal.aborted) setLoad({ status: 'loaded', inventory });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          const message = classifyError(error).message;
          setLoad((previous) => ({
            status: 'failed',
            message,
            ...(previous.status === 'loaded' ? { inventory: previous.inventory } : {}),
          }));
        },
      );
  }, [engine, allRegions, regions]);

  useEffect(() => {
    refresh();
    return () => inFlight.current?.abort();
  }, [refresh]);

  return { load, refresh };
}
