import { useEffect, useState } from 'react';
import type { ConfigView } from '../../shared/contract';
import { ActionsProvider, useActions } from './api/actions';
import { useCall, useEventInvalidation } from './api/hooks';
import { RunCommandProvider } from './components/ConfirmDown';
import { Layout } from './components/Layout';
import { Palette } from './components/Palette';
import { ErrorState, Loading } from './components/states';
import type { Route } from './router';
import { routeHref, useRoute } from './router';
import { usePageHeadingFocus } from './components/page-focus';
import { ConfigProblems } from './views/ConfigProblems';
import { Dashboard } from './views/Dashboard';
import { FirstRun } from './views/FirstRun';
import { HostsView, HostView } from './views/HostsView';
import { StacksView } from './views/StacksView';
import { StackView } from './views/StackView';
import { ApplyView } from './views/ApplyView';
import { LogsView } from './logs/LogsView';
import { TerminalsProvider } from './terminals/context';

export function App() {
  useEventInvalidation();
  const config = useCall('config.current', {});

  if (config.isPending) {
    return (
      <main className="centered" id="content">
        <Loading label="Looking for compose-farm.yaml…" />
      </main>
    );
  }
  if (config.isError) {
    return (
      <main className="centered" id="content">
        <ErrorState
          title="The app cannot reach its main process"
          error={config.error}
          onRetry={() => void config.refetch()}
        />
      </main>
    );
  }
  switch (config.data.status) {
    case 'missing':
      return <FirstRun config={config.data} />;
    case 'invalid':
      return <ConfigProblems config={config.data} />;
    case 'loaded':
      return (
        <ActionsProvider>
          <TerminalsProvider>
            <RunCommandProvider>
              <Shell config={config.data} />
            </RunCommandProvider>
          </TerminalsProvider>
        </ActionsProvider>
      );
  }
}

type LoadedConfig = Extract<ConfigView, { status: 'loaded' }>;

function Shell({ config }: { config: LoadedConfig }) {
  const route = useRoute();
  const [paletteOpen, setPaletteOpen] = useState(false);
  const { togglePanel } = useActions();

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setPaletteOpen((open) => !open);
      }
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'j') {
        event.preventDefault();
        togglePanel();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [togglePanel]);

  // A new page starts at its top, with focus on its heading.
  const routeKey = routeHref(route);
  useEffect(() => {
    document.getElementById('content')?.scrollTo({ top: 0 });
  }, [routeKey]);
  usePageHeadingFocus(routeKey);

  return (
    <>
      <Layout route={route} configPath={config.path} onOpenPalette={() => setPaletteOpen(true)}>
        <Page route={route} config={config} />
      </Layout>
      {paletteOpen && <Palette onClose={() => setPaletteOpen(false)} />}
    </>
  );
}

function Page({ route, config }: { route: Route; config: LoadedConfig }) {
  switch (route.page) {
    case 'dashboard':
      return <Dashboard config={config} />;
    case 'stacks':
      return <StacksView />;
    case 'stack':
      return <StackView key={route.name} name={route.name} />;
    case 'hosts':
      return <HostsView />;
    case 'host':
      return <HostView name={route.name} />;
    case 'apply':
      return <ApplyView />;
    case 'logs':
      return (
        <LogsView
          key={`${route.stack}/${route.service ?? ''}`}
          stack={route.stack}
          {...(route.service === undefined ? {} : { service: route.service })}
        />
      );
  }
}
