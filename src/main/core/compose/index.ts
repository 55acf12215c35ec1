export { composeProjectName, isValidProjectName } from './project-name';
export { parseEnvFile, readEnvFile, type EnvFileProblem, type EnvFileResult } from './env-file';
export {
  interpolate,
  interpolateTree,
  unsetVariableMessage,
  type InterpolationFailure,
  type InterpolationResult,
  type VariableLookup,
} from './interpolate';
export {
  COMPOSE_FILE_NAMES,
  OVERRIDE_FILE_NAMES,
  discoverStackFolders,
  findComposeFiles,
  type ComposeFiles,
} from './files';
export { parseComposeYaml, type ComposeYamlResult } from './compose-yaml';
export { mergeComposeDocuments } from './merge';
export { formatPublished, parsePortEntry, type PortParseResult } from './ports';
export { parseDeviceEntry, parseVolumeEntry } from './volumes';
export { loadStack, type LoadStackOptions } from './model';
export { externalNetworks, requiredDevices, requiredPaths } from './preflight';
export * from './types';
