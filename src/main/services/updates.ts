import type { ImageUpdateView, Result, StackUpdates } from '../../shared/contract';
import { ok } from '../../shared/contract';
import { formatIssue, loadStack } from '../core/compose';
import type { StackModel } from '../core/compose';
import type { Config } from '../core/config/types';
import type { ObservedDigest } from '../core/digest-log';
import { collectDigests } from '../core/operations/digests';
import type { ImageUpdate } from '../core/registry';
import {
  RegistryClient,
  checkImageUpdates,
  defaultDockerConfigPath,
  dockerConfigCredentials,
  runningDigestsOf,
  serviceImages,
} from '../core/registry';
import type { ConfigSession } from './config-session';
import type { Handlers } from './dispatcher';
import type { HostAccess } from './host-access';
import { selectStacks } from './stream-targets';

type UpdateHandlers = Pick<Handlers, 'updates.check' | 'updates.cached'>;

/** How long results are reused unless a call requests fresher ones. */
export const DEFAULT_UPDATES_CACHE_MS = 10 * 60_000;

export interface UpdateCheckerOptions {
  /** How long a stack's results are kept; 10 minutes unless set. */
  readonly cacheMs?: number;
  /** Milliseconds since the epoch; `Date.now` unless set. */
  readonly now?: () => number;
  /** A client to use instead of one with the docker CLI's stored credentials. */
  readonly client?: RegistryClient;
}

interface CachedStack {
  readonly result: StackUpdates;
  readonly checkedAtMs: number;
  /** The images the stack named when it was checked; an edit to them makes the result stale. */
  readonly images: string;
}

/**
 * Checks image updates for the window and keeps the results per stack, so that the stacks table
 * and the stack page show them again without asking the registries each time. The registry
 * client is kept too, which reuses tokens and tag lists between checks.
 */
export class UpdateChecker {
  readonly #results = new Map<string, CachedStack>();
  readonly #cacheMs: number;
  readonly #now: () => number;
  readonly #client: RegistryClient;

  constructor(
    private readonly session: ConfigSession,
    private readonly access: HostAccess,
    options: UpdateCheckerOptions = {},
  ) {
    this.#cacheMs = options.cacheMs ?? DEFAULT_UPDATES_CACHE_MS;
    this.#now = options.now ?? Date.now;
    this.#client =
      options.client ??
      new RegistryClient({
        cacheTtlMs: this.#cacheMs,
        credentials: dockerConfigCredentials(defaultDockerConfigPath(access.env), access.env),
      });
  }

  get cacheSeconds(): number {
    return Math.round(this.#cacheMs / 1000);
  }

  async check(
    names: readonly string[] | undefined,
    maxAgeMs: number,
    signal: AbortSignal,
  ): Promise<Result<StackUpdates[]>> {
    const farm = await this.session.farm();
    if (!farm.ok) return farm;
    const { config, state } = farm.value;
    const selected = selectStacks(config, names);
    if (!selected.ok) return selected;
    const models = await this.#load(config, selected.value);

    const answers = new Map<string, StackUpdates>();
    for (const model of models) {
      const fresh = this.#fresh(model, maxAgeMs);
      if (fresh !== undefined) answers.set(model.stack, fresh);
    }
    const stale = models.filter((model) => !answers.has(model.stack));
    if (stale.length > 0) {
      // A fresh check must reach the registries, not the client's cache of their responses.
      if (maxAgeMs === 0) this.#client.clearCache();
      const context = this.access.operationContext(farm.value, () => {}, signal);
      const observed = await collectDigests(
        context,
        state,
        stale.map((model) => model.stack),
      );
      signal.throwIfAborted();
      const targets = stale.flatMap((model) =>
        serviceImages(model, runningDigestsOf(model, observed)),
      );
      const results = await checkImageUpdates(this.#client, targets, { signal });
      const checkedAtMs = this.#now();
      for (const model of stale) {
        const own = results.filter((result) => result.stack === model.stack);
        const result: StackUpdates = {
          stack: model.stack,
          checkedAt: new Date(checkedAtMs).toISOString(),
          images: own.map((update) => toView(update, model, observed)),
          problems: model.errors.map((issue) => formatIssue(model.stack, issue)),
        };
        answers.set(model.stack, result);
        this.#results.set(model.stack, { checkedAtMs, images: imageSignature(model), result });
      }
    }
    return ok(models.flatMap((model) => answers.get(model.stack) ?? []));
  }

  /** Returns the results still within the cache time, for stacks whose images are unchanged. */
  async cached(names: readonly string[] | undefined): Promise<Result<StackUpdates[]>> {
    const farm = await this.session.farm();
    if (!farm.ok) return farm;
    const selected = selectStacks(farm.value.config, names);
    if (!selected.ok) return selected;
    const wanted = selected.value.filter((name) => this.#results.has(name));
    const models = await this.#load(farm.value.config, wanted);
    return ok(models.flatMap((model) => this.#fresh(model, this.#cacheMs) ?? []));
  }

  #fresh(model: StackModel, maxAgeMs: number): StackUpdates | undefined {
    const cached = this.#results.get(model.stack);
    if (cached === undefined || cached.images !== imageSignature(model)) return undefined;
    const age = this.#now() - cached.checkedAtMs;
    return age <= Math.min(maxAgeMs, this.#cacheMs) ? cached.result : undefined;
  }

  #load(config: Config, names: readonly string[]): Promise<StackModel[]> {
    return Promise.all(
      names.map((name) => loadStack(config.composeDir, name, { env: this.access.env })),
    );
  }
}

export function updateHandlers(checker: UpdateChecker): UpdateHandlers {
  return {
    'updates.check': async ({ stacks, maxAgeSeconds }, { signal }) => {
      const maxAgeMs =
        maxAgeSeconds === undefined ? Number.POSITIVE_INFINITY : maxAgeSeconds * 1000;
      const checked = await checker.check(stacks, maxAgeMs, signal);
      if (!checked.ok) return checked;
      return ok({ stacks: checked.value, cacheSeconds: checker.cacheSeconds });
    },
    'updates.cached': async ({ stacks }) => {
      const cached = await checker.cached(stacks);
      if (!cached.ok) return cached;
      return ok({ stacks: cached.value, cacheSeconds: checker.cacheSeconds });
    },
  };
}

function imageSignature(model: StackModel): string {
  return JSON.stringify(model.services.map((service) => [service.name, service.image ?? null]));
}

function toView(
  result: ImageUpdate,
  model: StackModel,
  observed: readonly ObservedDigest[],
): ImageUpdateView {
  const running = observed
    .filter((seen) => seen.stack === model.stack && seen.image === result.image)
    .map((seen) => ({ host: seen.host, digest: seen.digest }));
  return {
    service: result.service,
    image: result.image,
    registry: result.reference?.registry ?? null,
    newerTags: [...result.newerTags],
    registryDigest: result.registryDigest ?? null,
    running,
    tagMoved: result.tagMoved ?? null,
    error: result.error ?? null,
  };
}
