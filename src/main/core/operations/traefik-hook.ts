import { formatTraefikWarning } from '../traefik/build';
import { configuredHostAddress } from '../traefik/generate';
import { regenerateTraefikFile } from '../traefik/regenerate';
import type { OperationContext } from './context';
import type { StackResult } from './events';

/**
 * Rewrites `traefik_file` after stacks started, stopped or moved, when the config names one.
 * Skipped when every given result failed, so routes never point at stacks that did not start.
 * Problems become warnings: a Traefik file that cannot be written never fails the operation.
 */
export async function updateTraefikFile(
  context: OperationContext,
  results: readonly StackResult[] = [],
): Promise<void> {
  if (context.config.traefikFile === null) return;
  if (results.length > 0 && results.every((result) => !result.success)) return;
  const warn = (text: string) => context.emit({ type: 'message', level: 'warning', text });

  try {
    const regenerated = await regenerateTraefikFile(context.config, {
      hostAddress: context.hostAddress ?? configuredHostAddress(context.config),
      ...(context.env === undefined ? {} : { env: context.env }),
    });
    for (const warning of regenerated.warnings) warn(formatTraefikWarning(warning));
    if (regenerated.errors.length > 0) {
      const reasons = regenerated.errors.map((error) => error.message);
      warn(`Failed to update traefik config (kept as it was): ${reasons.join('; ')}`);
    } else if (regenerated.written) {
      context.emit({
        type: 'message',
        level: 'success',
        text: `Traefik config updated: ${regenerated.path}`,
      });
    }
  } catch (error) {
    warn(
      `Failed to update traefik config: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
