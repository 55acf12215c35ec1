/**
 * Lab tests declare themselves with describeLab: they run when the global setup found or
 * started the lab, and are skipped (with one line of explanation from the setup) otherwise.
 */
import { describe, inject } from 'vitest';

export interface LabAvailability {
  available: boolean;
  /** Why the lab is unavailable; empty when it is available. */
  reason: string;
  dir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    lab: LabAvailability;
  }
}

export function labAvailability(): LabAvailability {
  return inject('lab');
}

/** `describe` for tests that need the lab; skipped when the lab is not available. */
export function describeLab(name: string, fn: () => void): void {
  describe.skipIf(!labAvailability().available)(name, fn);
}
