import { composeProjectName, isValidProjectName } from '../compose/project-name';
import type { ConfigProblem } from './problem';
import { didYouMean } from './suggest';
import type { KeyPath, YamlSource } from './yaml-source';
import { offsetOf, problemAt } from './yaml-source';

/** The keyword that assigns a stack to every host; no host may take its name. */
export const ALL_HOSTS = 'all';

export interface RuleFindings {
  readonly problems: ConfigProblem[];
  readonly warnings: ConfigProblem[];
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that relate one part of the config to another, on the parsed YAML as written. They
 * look only at values of the right type, so they can run beside the schema and add to its
 * findings instead of waiting for it to pass.
 */
export function checkRules(source: YamlSource, data: unknown): RuleFindings {
  const findings: RuleFindings = { problems: [], warnings: [] };
  if (!isMapping(data)) return findings;

  const at = (path: KeyPath, where: 'key' | 'value', message: string, hint: string) =>
    problemAt(source, offsetOf(source, path, where), path, message, hint);

  const hostNames = isMapping(data.hosts) ? Object.keys(data.hosts) : [];
  if (hostNames.includes(ALL_HOSTS)) {
    findings.problems.push(
      at(
        ['hosts', ALL_HOSTS],
        'key',
        `"${ALL_HOSTS}" is a reserved keyword and cannot be used as a host name`,
        `rename the host; "stack: ${ALL_HOSTS}" means every host`,
      ),
    );
  }

  const stacks = isMapping(data.stacks) ? data.stacks : {};
  for (const [stack, assignment] of Object.entries(stacks)) {
    const nameProblem = checkStackName(stack);
    if (nameProblem !== undefined) {
      findings.problems.push(at(['stacks', stack], 'key', nameProblem.message, nameProblem.hint));
    } else if (composeProjectName(stack) !== stack) {
      findings.warnings.push(
        at(
          ['stacks', stack],
          'key',
          `docker compose names this stack's project "${composeProjectName(stack)}"`,
          'its containers are found by that name; no change is needed',
        ),
      );
    }
    findings.problems.push(...checkAssignment(stack, assignment, hostNames, at));
  }

  for (const key of ['traefik_stack', 'glances_stack'] as const) {
    const named = data[key];
    if (typeof named === 'string' && !Object.hasOwn(stacks, named)) {
      findings.problems.push(
        at(
          [key],
          'value',
          `stack "${named}" is not defined under stacks${didYouMean(named, Object.keys(stacks))}`,
          `name one of the stacks, or add "${named}" under stacks`,
        ),
      );
    }
  }
  return findings;
}

/** Describes what is wrong with a stack name as a folder and a compose project, if anything. */
export function checkStackName(stack: string): { message: string; hint: string } | undefined {
  const rename = 'rename the stack and its folder under compose_dir';
  if (stack.trim() === '') return { message: 'stack name is empty', hint: rename };
  if (stack === '.' || stack === '..') {
    return { message: `stack name "${stack}" is not a folder name`, hint: rename };
  }
  if (stack.includes('/') || stack.includes('\\')) {
    return {
      message: `stack name "${stack}" contains a path separator`,
      hint: 'a stack is one folder directly under compose_dir; ' + rename,
    };
  }
  const project = composeProjectName(stack);
  if (!isValidProjectName(project)) {
    const normalized = project === '' ? 'an empty name' : `"${project}"`;
    return {
      message: `stack name "${stack}" is not a valid compose project name: it normalizes to ${normalized}`,
      hint: 'use lowercase letters, digits, "-" and "_", starting with a letter or digit',
    };
  }
  return undefined;
}

function checkAssignment(
  stack: string,
  assignment: unknown,
  hostNames: readonly string[],
  at: (path: KeyPath, where: 'key' | 'value', message: string, hint: string) => ConfigProblem,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const path = ['stacks', stack];
  const unknownHost = (host: string, hostPath: KeyPath) => {
    const listed = host.split(/\s*,\s*/).filter((part) => part !== '');
    let hint = `add "${host}" under hosts, or use one of: ${hostNames.join(', ') || '(no hosts defined)'}`;
    let suggestion = didYouMean(host, hostNames);
    if (host === ALL_HOSTS) {
      hint = `write "${stack}: ${ALL_HOSTS}" on its own to run on every host, not inside a list`;
      suggestion = '';
    } else if (host.toLowerCase() === ALL_HOSTS) {
      hint = `write "${ALL_HOSTS}" in lower case to run the stack on every host`;
      suggestion = ` (did you mean "${ALL_HOSTS}"?)`;
    } else if (listed.length > 1 && listed.every((part) => hostNames.includes(part))) {
      // `stack: h1, h2` is one string in YAML, not a list of two hosts.
      hint = `write a list to run the stack on several hosts: ${stack}: [${listed.join(', ')}]`;
      suggestion = '';
    }
    return at(
      hostPath,
      'value',
      `stack "${stack}" references unknown host "${host}"${suggestion}`,
      hint,
    );
  };

  if (typeof assignment === 'string') {
    if (assignment === ALL_HOSTS) {
      if (hostNames.length === 0) {
        problems.push(
          at(
            path,
            'value',
            `stack "${stack}" runs on all hosts, but no hosts are defined`,
            'add hosts under hosts',
          ),
        );
      }
    } else if (!hostNames.includes(assignment)) {
      problems.push(unknownHost(assignment, path));
    }
    return problems;
  }
  if (!Array.isArray(assignment)) return problems;

  if (assignment.length === 0) {
    problems.push(
      at(
        path,
        'value',
        `stack "${stack}" has an empty host list`,
        'name at least one host, or remove the stack',
      ),
    );
  }
  const seen = new Set<string>();
  assignment.forEach((host: unknown, index) => {
    if (typeof host !== 'string') return;
    if (seen.has(host)) {
      problems.push(
        at(
          [...path, index],
          'value',
          `stack "${stack}" has duplicate host "${host}" in its list`,
          'list each host once',
        ),
      );
    } else if (!hostNames.includes(host) || host === ALL_HOSTS) {
      problems.push(unknownHost(host, [...path, index]));
    }
    seen.add(host);
  });
  return problems;
}
