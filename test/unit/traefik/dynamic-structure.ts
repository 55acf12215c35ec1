/**
 * A structural check of Traefik's dynamic configuration, for the parts the generator writes.
 * No npm package ships Traefik's JSON schema, so the rules of its reference are written here:
 * field names are matched without regard to case, as Traefik's file provider does.
 */
type Tree = Record<string, unknown>;

const SECTION_KINDS: Record<string, readonly string[]> = {
  http: ['routers', 'services', 'middlewares', 'serverstransports'],
  tcp: ['routers', 'services', 'middlewares', 'serverstransports'],
  udp: ['routers', 'services'],
};
const SERVICE_KINDS = ['loadbalancer', 'weighted', 'mirroring', 'failover'];

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(tree: Tree, name: string): unknown {
  const key = Object.keys(tree).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : tree[key];
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Lists every way `config` breaks the structure Traefik expects; empty when it fits. */
export function dynamicConfigProblems(config: unknown): string[] {
  const problems: string[] = [];
  if (!isTree(config)) return ['the document is not a mapping'];

  for (const [section, kinds] of Object.entries(config)) {
    const allowed = SECTION_KINDS[section.toLowerCase()];
    if (section.toLowerCase() === 'tls') continue;
    if (allowed === undefined || !isTree(kinds)) {
      problems.push(`${section}: not a section of the dynamic configuration`);
      continue;
    }
    for (const [kind, objects] of Object.entries(kinds)) {
      if (!allowed.includes(kind.toLowerCase()) || !isTree(objects)) {
        problems.push(`${section}.${kind}: not allowed here`);
        continue;
      }
      for (const [name, definition] of Object.entries(objects)) {
        const where = `${section}.${kind}.${name}`;
        if (!isTree(definition)) {
          problems.push(`${where}: not a mapping`);
          continue;
        }
        if (kind.toLowerCase() === 'routers') checkRouter(section, where, definition, problems);
        if (kind.toLowerCase() === 'services') checkService(section, where, definition, problems);
        if (kind.toLowerCase() === 'middlewares') {
          const keys = Object.keys(definition);
          if (keys.length !== 1 || !isTree(definition[keys[0]!])) {
            problems.push(`${where}: a middleware is one mapping under its type`);
          }
        }
      }
    }
  }
  return problems;
}

function checkRouter(section: string, where: string, router: Tree, problems: string[]): void {
  if (typeof field(router, 'service') !== 'string')
    problems.push(`${where}.service: required text`);
  if (section !== 'udp' && typeof field(router, 'rule') !== 'string') {
    problems.push(`${where}.rule: required text`);
  }
  for (const list of ['entrypoints', 'middlewares']) {
    const value = field(router, list);
    if (value !== undefined && !isStringList(value))
      problems.push(`${where}.${list}: a list of text`);
  }
  const tls = field(router, 'tls');
  if (tls !== undefined && !isTree(tls)) problems.push(`${where}.tls: a mapping`);
  const priority = field(router, 'priority');
  if (priority !== undefined && typeof priority !== 'number')
    problems.push(`${where}.priority: a number`);
}

function checkService(section: string, where: string, service: Tree, problems: string[]): void {
  const kinds = Object.keys(service).filter((key) => SERVICE_KINDS.includes(key.toLowerCase()));
  if (kinds.length !== 1 || Object.keys(service).length !== 1) {
    problems.push(`${where}: one of ${SERVICE_KINDS.join(', ')}`);
    return;
  }
  const balancer = field(service, 'loadbalancer');
  if (balancer === undefined) return;
  if (!isTree(balancer)) {
    problems.push(`${where}.loadbalancer: a mapping`);
    return;
  }
  if (field(balancer, 'server') !== undefined) {
    problems.push(`${where}.loadbalancer.server: labels only; the file needs servers`);
  }
  const servers = field(balancer, 'servers');
  if (!Array.isArray(servers)) {
    problems.push(`${where}.loadbalancer.servers: a list`);
    return;
  }
  servers.forEach((server, index) => {
    const at = `${where}.loadbalancer.servers[${index}]`;
    if (!isTree(server)) return problems.push(`${at}: a mapping`);
    if (section === 'http') {
      const url = field(server, 'url');
      if (typeof url !== 'string' || !URL.canParse(url)) problems.push(`${at}.url: a URL`);
    } else {
      const address = field(server, 'address');
      if (typeof address !== 'string' || !/^.+:\d+$/.test(address)) {
        problems.push(`${at}.address: host:port`);
      }
    }
  });
}
