import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CallError, createClient } from './api/client';
import { pickBridge } from './api/bridge';
import { ClientProvider } from './api/hooks';
import { App } from './App';
import { ConnectionBanner } from './components/ConnectionBanner';
import './styles/base.css';
import './styles/layout.css';
import './styles/components.css';
import './styles/screens.css';
import './styles/actions.css';

const queries = new QueryClient({
  defaultOptions: {
    queries: {
      // Main pushes an event when something changes, so nothing is fetched again on a timer.
      staleTime: Infinity,
      refetchOnWindowFocus: false,
      // An error with a code from main is a result, so retrying would only repeat it.
      retry: (failures, error) => !(error instanceof CallError) && failures < 2,
    },
  },
});

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <ClientProvider client={createClient(pickBridge())}>
        <ConnectionBanner />
        <App />
      </ClientProvider>
    </QueryClientProvider>
  </StrictMode>,
);
