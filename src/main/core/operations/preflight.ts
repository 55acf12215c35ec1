import { loadStack } from '../compose/model';
import { externalNetworks, requiredDevices, requiredPaths } from '../compose/preflight';
import { COMPOSE_FILE_NAMES } from '../compose/files';
import type { StackModel } from '../compose/types';
import { stackDir } from '../config/types';
import type { OperationContext } from './context';
import { hostConfig } from './context';
import type { PreflightProblem } from './events';

/**
 * Probes each argument `KIND:SUBJECT` on the host and prints `KIND<TAB>Y|N<TAB>SUBJECT`.
 * Paths and devices exist unless `stat` reports "No such file" or hangs for 2 s (a stale network
 * mount); a permission error means the path exists. Networks are asked of the host's engine.
 */
const PROBE_SCRIPT = `for item in "$@"; do
  kind=\${item%%:*}
  subject=\${item#*:}
  found=N
  case $kind in
    path|device)
      out=$(timeout 2 stat -- "$subject" 2>&1)
      rc=$?
      if [ $rc -ne 124 ] && ! printf '%s' "$out" | grep -q 'No such file'; then found=Y; fi ;;
    network)
      if docker network inspect "$subject" >/dev/null 2>&1; then found=Y; fi ;;
    compose)
      for name in ${COMPOSE_FILE_NAMES.join(' ')}; do
        if [ -f "$subject/$name" ]; then found=Y; fi
      done ;;
  esac
  printf '%s\\t%s\\t%s\\n' "$kind" "$found" "$subject"
done`;

type ProbeKind = 'path' | 'device' | 'network' | 'compose';

interface ProbeItem {
  readonly kind: ProbeKind;
  readonly subject: string;
}

/** Delay before the one retry of a probe whose command failed as a whole. */
const PROBE_RETRY_DELAY_MS = 200;

/**
 * Checks, before `up`, that a stack can start on a host: its compose file is there and docker
 * compose would accept it, and its bind-mount sources, devices and external networks exist on
 * the host. Returns the problems; empty means the stack may start.
 */
export async function preflight(
  context: OperationContext,
  stack: string,
  host: string,
  model?: StackModel,
): Promise<readonly PreflightProblem[]> {
  return (await checkRequirements(context, stack, host, model)).problems;
}

export interface RequirementCheck {
  /** Paths, devices and networks the stack needs on a host. */
  readonly required: number;
  readonly problems: readonly PreflightProblem[];
}

/** Runs the preflight checks of one stack on one host and counts what it needs there. */
export async function checkRequirements(
  context: OperationContext,
  stack: string,
  host: string,
  model?: StackModel,
): Promise<RequirementCheck> {
  const loaded = model ?? (await loadStack(context.config.composeDir, stack, { env: context.env }));
  const folder = stackDir(context.config, stack);
  const problems: PreflightProblem[] = [];
  const items: ProbeItem[] = [];

  const folderMissingHere = loaded.errors.some((issue) => issue.code === 'stack-folder-missing');
  if (folderMissingHere) {
    // The compose files may be on the hosts only; then they are checked there, and what they
    // mount cannot be known here.
    items.push({ kind: 'compose', subject: folder });
  } else if (loaded.composeFiles.length === 0) {
    problems.push({
      kind: 'compose-file',
      subject: `no compose file in ${folder}`,
      fix: `add ${folder}/compose.yaml, or remove the stack from compose-farm.yaml`,
    });
    return { required: 0, problems };
  }

  for (const issue of loaded.errors) {
    if (issue.code === 'stack-folder-missing' || issue.code === 'no-compose-file') continue;
    problems.push({
      kind: 'compose-error',
      subject: issue.message,
      fix: `fix ${issue.file ?? 'the compose file'}${issue.line === undefined ? '' : ` at line ${issue.line}`}`,
    });
  }
  if (problems.length > 0) return { required: 0, problems };

  items.push(...requiredPaths(loaded).map((subject) => ({ kind: 'path' as const, subject })));
  items.push(...requiredDevices(loaded).map((subject) => ({ kind: 'device' as const, subject })));
  items.push(...externalNetworks(loaded).map((subject) => ({ kind: 'network' as const, subject })));

  const probed = await probe(context, host, items);
  if (!probed.ok) {
    problems.push({ kind: 'remote-check-failed', subject: probed.message, fix: probed.hint });
    return { required: items.length, problems };
  }
  for (const item of probed.missing) problems.push(describeMissing(item, host));
  return { required: items.length, problems };
}

type ProbeOutcome =
  | { readonly ok: true; readonly missing: readonly ProbeItem[] }
  | { readonly ok: false; readonly message: string; readonly hint: string };

async function probe(
  context: OperationContext,
  host: string,
  items: readonly ProbeItem[],
): Promise<ProbeOutcome> {
  if (items.length === 0) return { ok: true, missing: [] };
  const executor = context.executors.forHost(hostConfig(context, host));
  const argv = [
    'sh',
    '-c',
    PROBE_SCRIPT,
    'preflight',
    ...items.map((i) => `${i.kind}:${i.subject}`),
  ];

  let lastFailure = '';
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt > 0) await delay(PROBE_RETRY_DELAY_MS);
    const result = await executor.run({ argv, timeoutMs: 30_000, signal: context.signal });
    if (result.end.type === 'error') {
      return {
        ok: false,
        message: `preflight check failed on ${host}: ${result.end.error.message}`,
        hint: result.end.error.hint,
      };
    }
    if (result.success) return { ok: true, missing: parseMissing(result.stdout, items) };
    lastFailure =
      result.stderr.trim() ||
      result.stdout.trim() ||
      `exit code ${String(result.end.type === 'exit' ? result.end.code : result.end.signal)}`;
  }
  return {
    ok: false,
    message: `preflight check failed on ${host}: ${lastFailure}`,
    hint: `check that the SSH user on ${host} may run sh, stat, timeout and docker`,
  };
}

function parseMissing(stdout: string, items: readonly ProbeItem[]): ProbeItem[] {
  const seen = new Map<string, boolean>();
  for (const line of stdout.split('\n')) {
    const [kind, found, ...rest] = line.split('\t');
    if (kind === undefined || found === undefined || rest.length === 0) continue;
    seen.set(`${kind}:${rest.join('\t')}`, found === 'Y');
  }
  // An item the probe did not report on counts as missing, so nothing starts on a guess.
  return items.filter((item) => seen.get(`${item.kind}:${item.subject}`) !== true);
}

function describeMissing(item: ProbeItem, host: string): PreflightProblem {
  switch (item.kind) {
    case 'path':
      return {
        kind: 'path',
        subject: item.subject,
        fix: `create it on ${host} (mkdir -p '${item.subject}') or mount the share that holds it`,
      };
    case 'device':
      return {
        kind: 'device',
        subject: item.subject,
        fix: `attach the device to ${host}, or remove it from the stack's devices`,
      };
    case 'network':
      return {
        kind: 'network',
        subject: item.subject,
        fix: `cf init-network ${host} --network ${item.subject}`,
      };
    case 'compose':
      return {
        kind: 'compose-file',
        subject: `no compose file in ${item.subject} on ${host}`,
        fix: `add compose.yaml to ${item.subject}, or remove the stack from compose-farm.yaml`,
      };
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
