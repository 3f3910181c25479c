import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COST,
  HashQueueFullError,
  MIN_N,
  hashPassword,
  parseHash,
  verifyPassword,
} from './passwords';

const FAST = { N: MIN_N, r: 8, p: 1 };

describe('passwords', () => {
  it('hashes with a per-user salt and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery', FAST);
    const b = await hashPassword('correct horse battery', FAST);
    expect(a).not.toBe(b); // different salts
    expect(a).toMatch(/^scrypt\$N=16384,r=8,p=1\$/);
    expect(a).not.toContain('correct horse');
    const parsed = parseHash(a);
    expect(parsed).not.toBeNull();
    await expect(verifyPassword('correct horse battery', parsed!)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterz', parsed!)).resolves.toBe(false);
  });

  it('uses a slow default cost', () => {
    expect(DEFAULT_COST.N * DEFAULT_COST.p).toBeGreaterThanOrEqual(2 ** 16);
  });

  it('refuses hashes that are malformed or too cheap', () => {
    const salt = Buffer.alloc(16, 1).toString('base64');
    const key = Buffer.alloc(32, 2).toString('base64');
    expect(parseHash(`scrypt$N=16384,r=8,p=1$${salt}$${key}`)).not.toBeNull();
    expect(parseHash(`scrypt$N=1024,r=8,p=1$${salt}$${key}`)).toBeNull();
    expect(parseHash(`scrypt$N=16385,r=8,p=1$${salt}$${key}`)).toBeNull();
    expect(parseHash(`scrypt$N=16384,r=8,p=1$${salt}$AAAA`)).toBeNull();
    expect(parseHash('$2b$10$abcdefghijklmnopqrstuv')).toBeNull();
    expect(parseHash('plaintext')).toBeNull();
  });

  it('hashes two at a time and queues at most 32 more; the next is refused at once', async () => {
    const parsed = parseHash(await hashPassword('queue test password', FAST))!;
    const checks = Array.from({ length: 2 + 32 }, () => verifyPassword('wrong password!', parsed));
    await expect(verifyPassword('queue test password', parsed)).rejects.toBeInstanceOf(
      HashQueueFullError,
    );
    expect(await Promise.all(checks)).toEqual(Array(34).fill(false));
    // The queue drained: checking works again.
    await expect(verifyPassword('queue test password', parsed)).resolves.toBe(true);
  });
});
