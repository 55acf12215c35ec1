import { isPlainObject } from './interpolate';
import { toKeyedMap } from './merge';
import { parsePortEntry, type PortMapping } from './ports';
import type { ComposeIssue, NetworkModel, ServiceModel } from './types';
import {
  parseDeviceEntry,
  parseVolumeEntry,
  type DeviceMapping,
  type VolumeMount,
} from './volumes';

export interface ServiceRead {
  readonly service: ServiceModel;
  readonly issues: readonly ComposeIssue[];
}

/** Reads the fields this model covers from one merged, interpolated service definition. */
export function readService(name: string, raw: unknown, stackDir: string): ServiceRead {
  const definition = isPlainObject(raw) ? raw : {};
  const issues: ComposeIssue[] = [];
  const path = `services.${name}`;

  if (raw !== null && raw !== undefined && !isPlainObject(raw)) {
    issues.push({
      code: 'invalid-service',
      path,
      message: 'invalid service: it must be a mapping of settings such as image:',
    });
  }
  if (definition['extends'] !== undefined) {
    issues.push({
      code: 'not-followed',
      path: `${path}.extends`,
      message:
        'extends is not followed yet: settings inherited from the other service are missing here',
    });
  }

  const ports: PortMapping[] = [];
  listOf(definition['ports']).forEach((entry, index) => {
    const parsed = parsePortEntry(entry);
    if (parsed.ok) ports.push(...parsed.mappings);
    else
      issues.push({
        code: 'invalid-port',
        path: `${path}.ports[${index}]`,
        message: parsed.message,
      });
  });

  const volumes: VolumeMount[] = [];
  listOf(definition['volumes']).forEach((entry, index) => {
    const parsed = parseVolumeEntry(entry, stackDir);
    if (parsed.ok) volumes.push(parsed.mount);
    else
      issues.push({
        code: 'invalid-volume',
        path: `${path}.volumes[${index}]`,
        message: parsed.message,
      });
  });

  const devices: DeviceMapping[] = [];
  listOf(definition['devices']).forEach((entry, index) => {
    const parsed = parseDeviceEntry(entry);
    if (parsed.ok) devices.push(parsed.device);
    else
      issues.push({
        code: 'invalid-device',
        path: `${path}.devices[${index}]`,
        message: parsed.message,
      });
  });

  const networkMode = text(definition['network_mode']);
  const written = serviceNetworks(definition['networks']);
  const joinsDefault = networkMode === undefined && (written === undefined || written.length === 0);
  const networks = joinsDefault ? ['default'] : (written ?? []);

  const service: ServiceModel = {
    name,
    ...optional('image', text(definition['image'])),
    build: definition['build'] !== undefined && definition['build'] !== null,
    ports,
    volumes,
    devices,
    labels: labelsOf(definition['labels']),
    environment: environmentOf(definition['environment']),
    networks,
    ...optional('networkMode', networkMode),
    ...optional('containerName', text(definition['container_name'])),
    profiles: listOf(definition['profiles']).map(String),
    ...optional('restart', text(definition['restart'])),
  };
  return { service, issues };
}

/** Reads top-level `networks:`, with the name docker gives each one. */
export function readNetworks(raw: unknown, projectName: string): NetworkModel[] {
  if (!isPlainObject(raw)) return [];
  return Object.entries(raw).map(([key, definition]) => {
    const settings = isPlainObject(definition) ? definition : {};
    const externalSetting = settings['external'];
    const external = externalSetting === true || isPlainObject(externalSetting);
    // The older form `external: {name: x}` named the network inside `external`.
    const legacyName = isPlainObject(externalSetting) ? text(externalSetting['name']) : undefined;
    const name = text(settings['name']) ?? legacyName ?? (external ? key : `${projectName}_${key}`);
    return { key, name, external };
  });
}

function labelsOf(raw: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(toKeyedMap(raw, 'labels'))) {
    labels[key] = value === null || value === undefined ? '' : String(value);
  }
  return labels;
}

function environmentOf(raw: unknown): Record<string, string | null> {
  const environment: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(toKeyedMap(raw, 'environment'))) {
    environment[key] = value === null || value === undefined ? null : String(value);
  }
  return environment;
}

function serviceNetworks(raw: unknown): string[] | undefined {
  if (Array.isArray(raw)) return raw.map(String);
  if (isPlainObject(raw)) return Object.keys(raw);
  return undefined;
}

function listOf(raw: unknown): unknown[] {
  return Array.isArray(raw) ? raw : [];
}

function text(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  return undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
