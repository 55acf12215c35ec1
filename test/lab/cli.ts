/**
 * `npm run lab:up -- [N]`, `npm run lab:down` and `tsx test/lab/cli.ts status`.
 */
import { downLab, labInfo, labProblems, sshArgs, upLab } from './lab';
import type { LabInfo } from './lab';

function describe(info: LabInfo): string {
  const lines = [`Lab folder: ${info.dir}`, ''];
  for (const host of info.hosts) {
    lines.push(
      `${host.name}  ssh -F ${info.sshConfig} ${host.name}   (root@${host.address}:${host.port})`,
    );
    lines.push(`    DOCKER_HOST=${host.dockerHost}`);
  }
  lines.push(
    '',
    `jump  ssh -F ${info.sshConfig} -J jump h1   (root@${info.jump.address}:${info.jump.port})`,
    `full options for scripts: ssh ${sshArgs('h1').join(' ')}`,
    `registry  ${info.registryUrl}  (images ${info.registryAddress}/lab/app:1.0, 1.1, 2.0)`,
    `agent  SSH_AUTH_SOCK=${info.agentSocket}`,
    `password user  ${info.passwordUser.name} / ${info.passwordUser.password} on ` +
      `${info.passwordUser.host}`,
    `image on every host  ${info.busyboxImage}`,
    '',
    'Stop it with: npm run lab:down',
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const [command = 'status', countArgument] = process.argv.slice(2);
  switch (command) {
    case 'up': {
      const hosts = countArgument === undefined ? undefined : Number(countArgument);
      const started = Date.now();
      const info = await upLab({ hosts, log: (line) => console.log(line) });
      console.log(`Lab up in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      console.log(describe(info));
      return;
    }
    case 'down': {
      const stopped = await downLab();
      console.log(stopped.length > 0 ? `Stopped ${stopped.join(', ')}` : 'Nothing was running');
      console.log(`Files kept in ${labInfo().dir}`);
      return;
    }
    case 'status': {
      const problems = await labProblems();
      if (problems.length === 0) {
        console.log(describe(labInfo()));
      } else {
        console.log(`Lab is not fully up:\n  ${problems.join('\n  ')}\nStart it: npm run lab:up`);
        process.exitCode = 1;
      }
      return;
    }
    default:
      console.error(`Unknown lab command ${command}; use up [N], down or status.`);
      process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  console.error(`lab: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
