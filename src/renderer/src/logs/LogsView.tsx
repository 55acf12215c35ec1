import '../styles/terminals.css';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { AppError, LogLine } from '../../../shared/contract';
import { LOG_TAILS } from '../../../shared/contract';
import { toAppError } from '../api/client';
import { useClient } from '../api/hooks';
import { Breadcrumb } from '../components/Breadcrumb';
import { ErrorBanner } from '../terminals/ErrorBanner';
import { StreamReceiver } from '../../../shared/contract/stream-receiver';
import { LogBuffer } from './log-buffer';
import { logsTitle } from './log-title';

const ROW_HEIGHT = 20;
/** Rows drawn above and below the visible ones, so fast scrolling shows no gaps. */
const OVERSCAN = 20;
const HOST_TONES = 6;
const STREAM_LOST =
  'The connection to cf serve was lost, which ended this log stream. ' +
  'Change an option or reload the page to follow the logs again.';

type Status =
  | { readonly type: 'connecting' }
  | { readonly type: 'streaming'; readonly hosts: readonly string[] }
  | { readonly type: 'ended'; readonly hosts: readonly string[]; readonly problems: string[] }
  | { readonly type: 'failed'; readonly error: AppError };

/** Live `docker compose logs` of a stack, or of one of its services, from all its hosts. */
export function LogsView({ stack, service }: { stack: string; service?: string }) {
  const client = useClient();
  const [follow, setFollow] = useState(true);
  const [tail, setTail] = useState<(typeof LOG_TAILS)[number]>('100');
  const [timestamps, setTimestamps] = useState(false);
  const [filter, setFilter] = useState('');
  const [paused, setPaused] = useState(false);
  const [status, setStatus] = useState<Status>({ type: 'connecting' });
  const [, setVersion] = useState(0);
  const buffer = useRef(new LogBuffer());
  /** How many matching lines are shown; frozen while paused. */
  const [shownCount, setShownCount] = useState(0);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  useEffect(() => {
    const lines = buffer.current;
    lines.clear();
    setShownCount(0);
    setStatus({ type: 'connecting' });
    let id: string | undefined;
    let hosts: readonly string[] = [];
    let stopped = false;
    let frame = 0;
    /** Events that arrive before the open call returns the stream's id. */
    const early: { event: string; payload: unknown }[] = [];
    const receiver = new StreamReceiver((chars) => {
      if (id !== undefined) void client.call('logs.ack', { id, chars }).catch(() => {});
    });
    const render = () => {
      frame = 0;
      if (!pausedRef.current) setShownCount(lines.matches.length);
      setVersion((version) => version + 1);
    };

    const handle = (event: string, payload: unknown) => {
      if (event === 'logs.lines') {
        const batch = payload as { seq: number; lines: LogLine[] };
        receiver.accept(batch.seq);
        lines.append(batch.lines);
        receiver.drawn(batch.lines.reduce((sum, line) => sum + line.text.length + 1, 0));
        frame ||= requestAnimationFrame(render);
      } else if (event === 'logs.ended') {
        const end = payload as { problems: string[] };
        receiver.flush();
        setStatus({ type: 'ended', hosts, problems: end.problems });
      }
    };
    // cf serve ends a connection's log streams with it, so a drop ends this one.
    const stopWatching = client.watchConnection((state) => {
      if (state !== 'reconnecting' || stopped) return;
      stopped = true;
      receiver.close();
      setStatus({ type: 'ended', hosts, problems: [STREAM_LOST] });
    });
    const unsubscribe = client.subscribe(({ event, payload }) => {
      if (event !== 'logs.lines' && event !== 'logs.ended') return;
      const streamId = (payload as { id: string }).id;
      if (id === undefined) early.push({ event, payload });
      else if (streamId === id) handle(event, payload);
    });

    client
      .call('logs.open', {
        stack,
        ...(service === undefined ? {} : { service }),
        follow,
        tail,
      })
      .then(
        (opened) => {
          if (stopped) {
            void client.call('logs.close', { id: opened.id }).catch(() => {});
            return;
          }
          id = opened.id;
          hosts = opened.hosts;
          setStatus({ type: 'streaming', hosts });
          for (const item of early.splice(0)) {
            if ((item.payload as { id: string }).id === id) handle(item.event, item.payload);
          }
        },
        (error: unknown) => {
          if (!stopped) setStatus({ type: 'failed', error: toAppError(error) });
        },
      );

    return () => {
      const lost = stopped;
      stopped = true;
      unsubscribe();
      stopWatching();
      receiver.close();
      cancelAnimationFrame(frame);
      if (id !== undefined && !lost) void client.call('logs.close', { id }).catch(() => {});
    };
  }, [client, stack, service, follow, tail]);

  useEffect(() => {
    buffer.current.setFilter(filter);
    setShownCount(buffer.current.matches.length);
  }, [filter]);

  useEffect(() => {
    if (!paused) setShownCount(buffer.current.matches.length);
  }, [paused]);

  const hosts = status.type === 'streaming' || status.type === 'ended' ? status.hosts : [];
  const waiting = buffer.current.matches.length - shownCount;

  return (
    <div className="page logs-page">
      <Breadcrumb
        parents={[
          { label: 'Stacks', route: { page: 'stacks' } },
          { label: stack, route: { page: 'stack', name: stack } },
        ]}
        current={service === undefined ? 'Logs' : `Logs of ${service}`}
      />
      <header className="page-header">
        <h1>{logsTitle(stack, service, hosts)}</h1>
        <p className="muted">
          {status.type === 'connecting' && 'Connecting…'}
          {status.type === 'streaming' &&
            (follow
              ? 'Following docker compose logs, the lines of every host in time order.'
              : 'Reading docker compose logs, the lines of every host in time order.')}
          {status.type === 'ended' && 'docker compose logs has finished.'}
        </p>
      </header>
      <div className="logs-toolbar" role="toolbar" aria-label="Log options">
        <label className="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          Follow
        </label>
        <label>
          Tail{' '}
          <select
            value={tail}
            onChange={(event) => setTail(event.target.value as (typeof LOG_TAILS)[number])}
          >
            {LOG_TAILS.map((value) => (
              <option key={value} value={value}>
                {value === 'all' ? 'all lines' : `${value} lines`}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={timestamps}
            onChange={(event) => setTimestamps(event.target.checked)}
          />
          Timestamps
        </label>
        <input
          className="text-input filter-input"
          aria-label="Filter log lines"
          placeholder="Filter lines"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
        <button
          type="button"
          className="button"
          aria-pressed={paused}
          onClick={() => setPaused((value) => !value)}
        >
          {paused
            ? `Resume${waiting > 0 ? ` (${waiting.toLocaleString('en')} new)` : ''}`
            : 'Pause'}
        </button>
        <span className="muted small" aria-live="polite">
          {shownCount.toLocaleString('en')} lines
          {buffer.current.dropped > 0 &&
            ` (${buffer.current.dropped.toLocaleString('en')} oldest dropped)`}
        </span>
      </div>
      {status.type === 'failed' && <ErrorBanner error={status.error} />}
      {status.type === 'ended' &&
        status.problems.map((problem) => (
          <ErrorBanner key={problem} error={{ code: 'internal', message: problem, hint: '' }} />
        ))}
      <LogList buffer={buffer.current} count={shownCount} hosts={hosts} timestamps={timestamps} />
    </div>
  );
}

function LogList({
  buffer,
  count,
  hosts,
  timestamps,
}: {
  buffer: LogBuffer;
  count: number;
  hosts: readonly string[];
  timestamps: boolean;
}) {
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const [atBottom, setAtBottom] = useState(true);
  const multiHost = hosts.length > 1;

  useEffect(() => {
    const element = viewport.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // New lines keep the newest in view, unless the user scrolled up to read.
  useLayoutEffect(() => {
    const element = viewport.current;
    if (element !== null && atBottom) element.scrollTop = element.scrollHeight;
  }, [count, atBottom]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const rows = [];
  for (let position = first; position < last; position++) {
    const line = buffer.lines[buffer.matches[position] as number];
    if (line === undefined) continue;
    const tone = hosts.indexOf(line.host) % HOST_TONES;
    rows.push(
      <div
        key={position}
        className={`log-line${line.stream === 'stderr' ? ' log-line-stderr' : ''}`}
        style={{ top: position * ROW_HEIGHT }}
      >
        {multiHost && <span className={`host-mark host-tone-${tone}`}>{line.host}</span>}
        {timestamps && <span className="log-time">{line.time ?? ''}</span>}
        <span className="log-text">{line.text}</span>
      </div>,
    );
  }

  return (
    <div className="log-frame">
      <div
        ref={viewport}
        className="log-viewport"
        role="log"
        aria-label="Log lines"
        tabIndex={0}
        onScroll={(event) => {
          const element = event.currentTarget;
          setScrollTop(element.scrollTop);
          setAtBottom(element.scrollHeight - element.scrollTop - element.clientHeight < ROW_HEIGHT);
        }}
      >
        <div className="log-content" style={{ height: count * ROW_HEIGHT }}>
          {rows}
        </div>
        {count === 0 && <p className="log-empty muted">No log lines yet.</p>}
      </div>
      {!atBottom && (
        <button
          type="button"
          className="button button-primary jump-newest"
          onClick={() => {
            const element = viewport.current;
            if (element !== null) element.scrollTop = element.scrollHeight;
            setAtBottom(true);
          }}
        >
          Jump to newest
        </button>
      )}
    </div>
  );
}
