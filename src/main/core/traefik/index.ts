export {
  buildTraefikConfig,
  formatTraefikWarning,
  type TraefikBuildResult,
  type TraefikStackInput,
  type TraefikWarning,
} from './build';
export {
  configuredHostAddress,
  generateTraefikConfig,
  traefikSkipReason,
  type GenerateTraefikOptions,
  type GenerateTraefikResult,
  type HostAddressResolver,
  type SkippedStack,
  type TraefikStackError,
} from './generate';
export {
  isTraefikEnabled,
  routingLabels,
  type TraefikLabel,
  type TraefikTree,
  type TraefikValue,
} from './labels';
export { regenerateTraefikFile, type RegenerateResult } from './regenerate';
export { renderTraefikYaml, writeTraefikFile } from './render';
export { routedUrls } from './urls';
