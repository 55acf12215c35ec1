/**
 * Global setup of the `lab` test project. In CI it starts the lab, and a lab that cannot
 * start fails the run. Elsewhere it uses a lab that is already up and otherwise marks the lab
 * unavailable, so that lab tests are skipped with one line that tells how to run them.
 */
import type { TestProject } from 'vitest/node';

import type { LabAvailability } from './describe-lab';
import { downLab, ensureLab, labProblems } from './lab';
import { labDir } from './layout';

function inCi(): boolean {
  const value = process.env.CI;
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const dir = labDir();
  const problems = await labProblems(dir);
  let availability: LabAvailability;
  let startedHere = false;

  if (problems.length === 0) {
    availability = { available: true, reason: '', dir };
  } else if (inCi()) {
    try {
      await ensureLab({ log: (line) => console.log(`lab: ${line}`) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`The integration lab could not start in ${dir}: ${message}`, {
        cause: error,
      });
    }
    startedHere = true;
    availability = { available: true, reason: '', dir };
  } else {
    // Everything down reads as one fact; a partly running lab names what is missing.
    const reason = problems.length > 2 ? `the lab in ${dir} is not running` : problems.join('; ');
    availability = { available: false, reason, dir };
    console.log(
      `Lab tests skipped: ${availability.reason}. Run them with: npm run lab:up, then npm run test:lab`,
    );
  }

  project.provide('lab', availability);
  if (!startedHere || process.env.CF_LAB_KEEP) return;
  return async () => {
    await downLab(dir);
  };
}
