import * as z from 'zod';

/** An absolute file path on the machine that runs main (POSIX, or a Windows drive path). */
export const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((path) => !path.includes('\0'), 'a path cannot contain a NUL character')
  .refine(
    (path) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path),
    'the path must be absolute',
  );

/** A stack name as it appears under `stacks:`: one folder name under `compose_dir`. */
export const stackName = z
  .string()
  .min(1)
  .max(255)
  .refine((name) => !/[/\\\0]/.test(name) && name !== '.' && name !== '..', {
    message: 'a stack name is one folder name, without slashes',
  });

/** A host name as it appears under `hosts:`. */
export const hostName = z.string().min(1).max(255);

/** Calls that take no arguments still take an object, so that options can be added later. */
export const noArguments = z.object({}).strict();
