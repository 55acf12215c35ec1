import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const boundsSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400).max(10_000),
  height: z.number().int().min(300).max(10_000),
});

export type WindowBounds = z.infer<typeof boundsSchema>;

const DEFAULT_SIZE = { width: 1280, height: 800 };

function statePath(userData: string): string {
  return join(userData, 'window-state.json');
}

/** The window's last size and position, or a default size when none was saved or it is invalid. */
export function loadWindowBounds(userData: string): Partial<WindowBounds> {
  try {
    const parsed = boundsSchema.safeParse(JSON.parse(readFileSync(statePath(userData), 'utf8')));
    return parsed.success ? parsed.data : DEFAULT_SIZE;
  } catch {
    return DEFAULT_SIZE;
  }
}

export function saveWindowBounds(userData: string, bounds: WindowBounds): void {
  try {
    writeFileSync(statePath(userData), JSON.stringify(bounds));
  } catch (error) {
    console.warn(`Could not save the window position to ${statePath(userData)}:`, error);
  }
}
