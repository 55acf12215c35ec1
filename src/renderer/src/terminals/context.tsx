import type { ReactNode } from 'react';
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import { useClient } from '../api/hooks';
import type { StoreSnapshot } from './store';
import { TerminalStore } from './store';

const TerminalsContext = createContext<TerminalStore | null>(null);

/** Owns the window's terminals for as long as the app shell is mounted. */
export function TerminalsProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const [store, setStore] = useState<TerminalStore | null>(null);
  useEffect(() => {
    const created = new TerminalStore(client);
    setStore(created);
    return () => created.dispose();
  }, [client]);
  if (store === null) return null;
  return <TerminalsContext.Provider value={store}>{children}</TerminalsContext.Provider>;
}

export function useTerminals(): TerminalStore {
  const store = useContext(TerminalsContext);
  if (store === null) throw new Error('useTerminals needs a TerminalsProvider above it');
  return store;
}

/** Returns the terminals' state and re-renders when it changes. */
export function useTerminalState(): StoreSnapshot {
  const store = useTerminals();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
