/**
 * A farm of three hosts and five stacks, with a state file that differs from the config in
 * each way the dashboard reports: a stack to migrate, one to start and an orphan. `FARM/` is
 * replaced by the farm's folder.
 */
export const LAB_FARM: Readonly<Record<string, string>> = {
  'compose-farm.yaml': `compose_dir: FARM/stacks
hosts:
  h1: {address: 127.0.0.11, port: 2222, user: root}
  h2: {address: 127.0.0.12, port: 2222, user: root}
  h3: 127.0.0.13
stacks:
  web: h1
  app: [h2, h3]
  db: h2
  media: h3
  monitoring: all
`,
  'compose-farm-state.yaml': `deployed:
  web: h1
  app: [h2, h3]
  media: h1
  monitoring: [h1, h2, h3]
  wiki: h2
`,
  'stacks/web/compose.yaml': `services:
  nginx:
    image: nginx:1.27-alpine
    ports: ["8080:80", "127.0.0.1:8443:443"]
    volumes: ["./html:/usr/share/nginx/html:ro", "cache:/var/cache/nginx"]
    restart: unless-stopped
volumes:
  cache: {}
`,
  'stacks/app/compose.yaml': `services:
  api:
    image: ghcr.io/example/api:2.4
    ports: ["9000:9000"]
  worker:
    build: .
`,
  'stacks/db/compose.yaml': `services:
  postgres:
    image: postgres:16
    volumes: ["/srv/postgres:/var/lib/postgresql/data"]
`,
  'stacks/media/compose.yaml': `services:
  jellyfin:
    image: jellyfin/jellyfin:10.10
    ports: ["8096:8096"]
`,
  'stacks/monitoring/compose.yaml': `services:
  node-exporter:
    image: prom/node-exporter:v1.8.2
    ports: ["9100:9100"]
`,
};

/**
 * Returns a farm of `count` stacks named stack-001 and up, alternating between two hosts on
 * port 1 of loopback, which refuses at once: every host is unreachable, so the tests need no lab
 * and the live columns show unknown. The state file records nothing until a test writes it.
 */
export function manyStacksFarm(count: number): Record<string, string> {
  const stacks = Array.from({ length: count }, (_, index) => {
    const name = `stack-${String(index + 1).padStart(3, '0')}`;
    return `  ${name}: ${index % 2 === 0 ? 'h1' : 'h2'}`;
  });
  return {
    'compose-farm.yaml': `compose_dir: FARM/stacks
hosts:
  h1: {address: 127.0.0.1, port: 1, user: root}
  h2: {address: 127.0.0.1, port: 1, user: root}
stacks:
${stacks.join('\n')}
`,
    'compose-farm-state.yaml': 'deployed: {}\n',
  };
}
