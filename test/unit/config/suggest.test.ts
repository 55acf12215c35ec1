import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from '../../../src/main/core/config/suggest';
import { defaultUser } from '../../../src/main/core/config';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['port', 'port', 0],
    ['prot', 'port', 1],
    ['hostz', 'hosts', 1],
    ['adress', 'address', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
  ])('%s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closestName', () => {
  const hostKeys = ['address', 'user', 'port'];

  it('suggests a close known name, ignoring case', () => {
    expect(closestName('Adress', hostKeys)).toBe('address');
    expect(closestName('username', hostKeys)).toBe('user');
    expect(closestName('composedir', ['compose_dir', 'hosts'])).toBe('compose_dir');
  });

  it('suggests nothing for an unrelated name', () => {
    expect(closestName('zz', ['a', 'b'])).toBeUndefined();
    expect(closestName('hostname', hostKeys)).toBeUndefined();
  });
});

describe('defaultUser', () => {
  it('names a user', () => {
    expect(defaultUser()).toMatch(/\S/);
  });
});
