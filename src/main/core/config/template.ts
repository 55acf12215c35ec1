/** The file `cf config init` writes: a working example that explains each key. */
export const CONFIG_TEMPLATE = `# compose-farm.yaml: which host runs which Docker Compose stack.
#
# Each stack is a folder under compose_dir holding a compose file (compose.yaml,
# compose.yml, docker-compose.yml or docker-compose.yaml). The folder must be at the
# same path on every host, for example on a shared NFS mount.
compose_dir: /opt/compose

# The machines, reached over SSH. The short form is just an address; the long form
# also sets the SSH user (default: yours, or User from ~/.ssh/config) and port (22).
# An address may also be a Host alias from ~/.ssh/config.
hosts:
  server-1: 192.168.1.10
  server-2:
    address: 192.168.1.11
    user: docker
    port: 22

# Stack name (its folder under compose_dir) to the host that runs it. A list runs the
# stack on each listed host; \`all\` runs it on every host above.
stacks:
  plex: server-1
  grafana: server-2
  node-exporter: all

# Optional: write a Traefik file-provider config for stacks that run on other hosts
# than Traefik itself, refreshed after up, down, update and apply.
# traefik_file: /opt/traefik/dynamic.d/compose-farm.yml
# traefik_stack: traefik

# Optional: the stack running Glances on every host, for host and container stats.
# glances_stack: glances
`;
