export {
  MANIFEST_MEDIA_TYPES,
  RegistryClient,
  RegistryError,
  nextPage,
  parseChallenge,
  type RegistryClientOptions,
  type RegistryErrorReason,
} from './client';
export {
  defaultDockerConfigPath,
  dockerConfigCredentials,
  helperCredentials,
  readDockerLogins,
  type CredentialLookup,
  type DockerLogins,
  type RegistryCredentials,
} from './credentials';
export {
  DOCKER_HUB,
  familiarName,
  isLoopbackRegistry,
  parseImageReference,
  registryBaseUrl,
  registryHostname,
  type ImageReference,
  type ReferenceParseResult,
} from './reference';
export {
  checkImageUpdate,
  checkImageUpdates,
  runningDigestsOf,
  serviceImages,
  type CheckUpdatesOptions,
  type ImageUpdate,
  type ServiceImage,
} from './updates';
export { compareVersions, newerTags, parseTagVersion, type TagVersion } from './version';
