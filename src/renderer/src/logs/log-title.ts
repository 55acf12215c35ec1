import { joinNames } from '../text';

/**
 * Builds the logs view's heading: "Logs of web", "Logs of nginx in web", and once the hosts are
 * known "Logs of web on h1 and h2".
 */
export function logsTitle(stack: string, service: string | undefined, hosts: readonly string[]) {
  const subject = service === undefined ? stack : `${service} in ${stack}`;
  return hosts.length === 0 ? `Logs of ${subject}` : `Logs of ${subject} on ${joinNames(hosts)}`;
}
