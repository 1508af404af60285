// Mounts the Inventory screen once the engine is loaded: the adapter between the lazily loaded
// engine and the props-only screen.
import { useEffect, useState } from 'react';
import { classifyError } from '../aws/errors.js';
import type { ClusterId } from '../aws/inventory-types.js';
import type { Engine } from '../state/engine.js';
import type { InventoryLoad } from '../state/inventory-screen.js';
import { Inventory } from './Inventory.js';
import { useInventoryLoad } from './useInventoryLoad.js';

export interface InventoryRouteProps {
  target: string;
  loadEngine: () => Promise<Engine>;
  interactive: boolean;
  visibleRows: number;
  onTeardown: (cluster: ClusterId) => void;
  onCleanup: () => void;
  onBack: () => void;
}

function LoadedInventory({ engine, ...props }: Omit<InventoryRouteProps, 'loadEngine'> & { engine: Engine }) {
  const { load, refresh } = useInventoryLoad(engine);
  return <Inventory {...props} load={load} onRefresh={refresh} />;
}

export function InventoryRoute({ loadEngine, ...props }: InventoryRouteProps) {
  const [engine, setEngine] = useState<Engine | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  useEffect(() => {
    loadEngine().then(setEngine, (error: unknown) => setFailure(classifyError(error).message));
  }, [loadEngine]);
  if (engine) return <LoadedInventory {...props} engine={engine} />;
  const load: InventoryLoad = failure ? { status: 'failed', message: failure } : { status: 'loading' };
  return <Inventory {...props} load={load} onRefresh={() => {}} />;
}
