import * as z from 'zod';

/** The keys Compose Farm accepts; any other key is a mistake worth reporting. */
export const TOP_LEVEL_KEYS = [
  'compose_dir',
  'hosts',
  'stacks',
  'traefik_file',
  'traefik_stack',
  'glances_stack',
] as const;
export const HOST_KEYS = ['address', 'user', 'port'] as const;

/** Describes a value for a message: `a list`, `the number 3`, `"text"`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value}"`;
  return `${typeof value} ${String(value)}`;
}

function hinted(message: string, hint: string) {
  return { message, params: { hint } };
}

const addressSchema = z
  .string({ error: (issue) => `address must be text, not ${describeValue(issue.input)}` })
  .superRefine((address, context) => {
    if (address.trim() === '') {
      context.addIssue({
        code: 'custom',
        ...hinted('address is empty', 'write an IP address, a DNS name or a ~/.ssh/config alias'),
      });
    } else if (/\s/.test(address)) {
      context.addIssue({
        code: 'custom',
        ...hinted(
          `address "${address}" contains whitespace`,
          'an address is one word; remove the spaces',
        ),
      });
    } else if (address.startsWith('-')) {
      context.addIssue({
        code: 'custom',
        ...hinted(
          `address "${address}" starts with "-", which ssh would read as an option`,
          'write the host name or IP address without a leading "-"',
        ),
      });
    }
  });

const userSchema = z
  .string({ error: (issue) => `user must be text, not ${describeValue(issue.input)}` })
  .superRefine((user, context) => {
    if (user.trim() === '') {
      context.addIssue({
        code: 'custom',
        ...hinted('user is empty', 'write the SSH login name, or remove `user` to use the default'),
      });
    } else if (user.startsWith('-')) {
      context.addIssue({
        code: 'custom',
        ...hinted(
          `user "${user}" starts with "-", which ssh would read as an option`,
          'write the login name without a leading "-"',
        ),
      });
    } else if (/\s/.test(user)) {
      context.addIssue({
        code: 'custom',
        ...hinted(`user "${user}" contains whitespace`, 'a login name is one word'),
      });
    }
  });

const PORT_HINT = 'write a whole number from 1 to 65535; SSH listens on 22 unless set otherwise';

/** Digit strings are accepted as ports, as Compose Farm's validation coerces `"2222"` to 2222. */
const portSchema = z
  .unknown()
  .transform((value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  .superRefine((port, context) => {
    if (typeof port !== 'number' || !Number.isInteger(port)) {
      context.addIssue({
        code: 'custom',
        ...hinted(`port must be a whole number, not ${describeValue(port)}`, PORT_HINT),
      });
    } else if (port < 1 || port > 65535) {
      context.addIssue({
        code: 'custom',
        ...hinted(`port ${port} is outside 1-65535`, PORT_HINT),
      });
    }
  })
  .transform((port) => port as number);

const hostMappingSchema = z.strictObject(
  {
    address: addressSchema.optional(),
    user: userSchema.optional(),
    port: portSchema.optional(),
  },
  {
    error: (issue) =>
      `a host is an address or a mapping with address, user and port, not ${describeValue(issue.input)}`,
  },
);

/** `nas: 192.0.2.20` is shorthand for `nas: {address: 192.0.2.20}`. */
const hostSchema = z
  .preprocess(
    (value) => (typeof value === 'string' ? { address: value } : value),
    hostMappingSchema,
  )
  .superRefine((host, context) => {
    if (host.address === undefined) {
      context.addIssue({
        code: 'custom',
        ...hinted('address is missing', 'add `address:` with an IP address or DNS name'),
      });
    }
  });

const hostNameSchema = z.string({
  error: (issue) => `a host name must be text, not ${describeValue(issue.input)}`,
});

const assignmentSchema = z.union([hostNameSchema, z.array(hostNameSchema)], {
  error: (issue) =>
    `a stack runs on one host name, a list of host names, or all; not ${describeValue(issue.input)}`,
});

const pathSchema = z
  .string({ error: (issue) => `expected a path, not ${describeValue(issue.input)}` })
  .superRefine((path, context) => {
    if (path.trim() === '') {
      context.addIssue({ code: 'custom', ...hinted('path is empty', 'write an absolute path') });
    } else if (path.startsWith('~')) {
      // Neither Compose Farm nor a remote `cd "~/..."` expands the tilde, so it would name a
      // folder literally called `~`.
      context.addIssue({
        code: 'custom',
        ...hinted(
          `path "${path}" starts with "~", which is not expanded`,
          'write the full path, starting with / (such as /home/USER/...)',
        ),
      });
    }
  });

const stackReferenceSchema = z.string({
  error: (issue) => `expected a stack name, not ${describeValue(issue.input)}`,
});

function mappingOf<T extends z.ZodType>(what: string, values: T) {
  return z.record(z.string(), values, {
    error: (issue) =>
      issue.input === undefined
        ? `${what} is missing`
        : `${what} must be a mapping, not ${describeValue(issue.input)}`,
  });
}

/**
 * The shape of `compose-farm.yaml`, one field at a time. Rules that relate fields to each other
 * (unknown hosts, reserved names, stack names) live in rules.ts so that they run even when a
 * field here fails, and every problem is reported at once.
 */
export const rawConfigSchema = z.strictObject(
  {
    compose_dir: pathSchema.optional(),
    // Compose Farm's loader treats a missing `hosts:` as empty; an empty `hosts:` line too.
    hosts: mappingOf('hosts', hostSchema).nullable().optional(),
    stacks: mappingOf('stacks', assignmentSchema),
    traefik_file: pathSchema.nullable().optional(),
    traefik_stack: stackReferenceSchema.nullable().optional(),
    glances_stack: stackReferenceSchema.nullable().optional(),
  },
  {
    error: (issue) =>
      // Plain text means the file is not a config at all, so its content stays out of the message.
      `the config must be a mapping with hosts and stacks, not ${
        typeof issue.input === 'string' ? 'plain text' : describeValue(issue.input)
      }`,
  },
);

export type RawConfig = z.output<typeof rawConfigSchema>;
