import { networkInterfaces } from 'node:os';

/** Addresses that always mean this machine. */
const LOCAL_NAMES = new Set(['localhost', 'local', '127.0.0.1', '::1']);

export type InterfaceAddresses = () => readonly string[];

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((entries) => entries ?? [])
    .map((entry) => entry.address);
}

/**
 * Tells whether `address` is this machine, so commands run without SSH. Other loopback
 * addresses (127.0.0.11 and the like) are remote, because test setups run one sshd per loopback
 * address and reach it over SSH like any remote host.
 */
export function isLocalAddress(
  address: string,
  addresses: InterfaceAddresses = interfaceAddresses,
): boolean {
  const normalized = address
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (LOCAL_NAMES.has(normalized)) return true;
  if (normalized.startsWith('127.')) return false;
  return addresses().some((candidate) => candidate.toLowerCase() === normalized);
}
