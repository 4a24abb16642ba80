import { describe, expect, it } from 'vitest';
import { aliasOf, newAlias } from '../../../src/program/alias.js';

describe('aliases', () => {
  it('are pair- and ten random base32 characters, unique in practice', () => {
    const aliases = new Set(Array.from({ length: 10_000 }, newAlias));
    expect(aliases.size).toBe(10_000);
    for (const a of [...aliases].slice(0, 100)) expect(a).toMatch(/^pair-[a-z2-7]{10}$/);
  });
  it('match case-insensitively at the relay domain only', () => {
    expect(aliasOf('Pair-7K3M9Q@Relay.Test', 'relay.test')).toBe('pair-7k3m9q');
    expect(aliasOf('pair-7k3m9q@other.test', 'relay.test')).toBeNull();
    expect(aliasOf('no-at-sign', 'relay.test')).toBeNull();
  });
});
