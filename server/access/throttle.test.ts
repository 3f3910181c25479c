import { describe, expect, it } from 'vitest';
import { createThrottle } from './throttle';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('sign-in throttle', () => {
  it('lets a few mistakes through, then makes each next try wait twice as long', () => {
    const c = clock();
    const th = createThrottle({ now: c.now });
    th.failed('alice', '10.0.0.1');
    th.failed('alice', '10.0.0.1');
    expect(th.waitMs('alice', '10.0.0.1')).toBe(0);
    th.failed('alice', '10.0.0.1');
    expect(th.waitMs('alice', '10.0.0.1')).toBe(1000);
    c.advance(1000);
    expect(th.waitMs('alice', '10.0.0.1')).toBe(0);
    th.failed('alice', '10.0.0.1');
    expect(th.waitMs('alice', '10.0.0.1')).toBe(2000);
    th.failed('alice', '10.0.0.1');
    expect(th.waitMs('alice', '10.0.0.1')).toBe(4000);
    // Another address, or another user from elsewhere, is not affected.
    expect(th.waitMs('alice', '10.0.0.2')).toBe(0);
    expect(th.waitMs('bob', '10.0.0.2')).toBe(0);
  });

  it('caps the delay and forgets after a quiet hour', () => {
    const c = clock();
    const th = createThrottle({ now: c.now });
    for (let i = 0; i < 40; i++) th.failed('alice', 'a');
    expect(th.waitMs('alice', 'a')).toBe(15 * 60_000);
    c.advance(61 * 60_000);
    expect(th.waitMs('alice', 'a')).toBe(0);
    th.failed('alice', 'a');
    expect(th.waitMs('alice', 'a')).toBe(0);
  });

  it('a success clears the count for that user and address', () => {
    const c = clock();
    const th = createThrottle({ now: c.now });
    th.failed('alice', 'a');
    th.failed('alice', 'a');
    th.succeeded('Alice', 'a');
    th.failed('alice', 'a');
    expect(th.waitMs('alice', 'a')).toBe(0);
  });

  it('slows one address that tries many user names (password spraying)', () => {
    const c = clock();
    const th = createThrottle({ now: c.now });
    for (let i = 0; i < 20; i++) th.failed(`user${i}`, '10.9.9.9');
    expect(th.waitMs('someone-new', '10.9.9.9')).toBeGreaterThan(0);
    expect(th.waitMs('someone-new', '10.9.9.8')).toBe(0);
  });

  it('stays within its memory bound', () => {
    const c = clock();
    const th = createThrottle({ now: c.now, maxEntries: 50 });
    for (let i = 0; i < 500; i++) th.failed(`u${i}`, `10.0.${i % 250}.1`);
    // Nothing to assert on the size directly; the newest entries still count.
    th.failed('u499', '10.0.249.1');
    th.failed('u499', '10.0.249.1');
    expect(th.waitMs('u499', '10.0.249.1')).toBeGreaterThan(0);
  });
});

describe('sign-in throttle: parallel guesses', () => {
  it('checks one attempt per user and address at a time, and a few per address', () => {
    const c = clock();
    const th = createThrottle({ now: c.now });
    expect(th.begin('alice', 'a')).toBe(0);
    expect(th.begin('alice', 'a')).toBeGreaterThan(0); // the first is still being checked
    for (const u of ['b', 'c', 'd']) expect(th.begin(u, 'a')).toBe(0);
    expect(th.begin('e', 'a')).toBeGreaterThan(0); // 4 in flight from this address
    expect(th.begin('e', 'other')).toBe(0);
    th.failed('alice', 'a');
    th.succeeded('b', 'a');
    th.abandon('c', 'a');
    expect(th.begin('alice', 'a')).toBe(0);
    expect(th.begin('e', 'a')).toBe(0);
  });

  it('a burst of parallel wrong passwords is cut off, not checked in full', () => {
    const c = clock();
    const th = createThrottle({ now: c.now });
    const started = Array.from({ length: 60 }, (_, i) => th.begin(`user${i}`, '10.1.1.1'));
    expect(started.filter((w) => w === 0)).toHaveLength(4);
  });
});

describe('sign-in throttle: across addresses', () => {
  it('slows one account guessed at from many addresses, gently (at most a minute)', () => {
    const c = clock();
    const th = createThrottle({ now: c.now });
    for (let i = 0; i < 9; i++) th.failed('alice', `10.0.0.${i}`);
    expect(th.waitMs('alice', '10.7.7.7')).toBe(0);
    th.failed('alice', '10.0.0.9');
    // Ten wrong passwords from ten addresses: the eleventh address waits too.
    expect(th.waitMs('alice', '10.7.7.7')).toBe(1000);
    expect(th.waitMs('bob', '10.7.7.7')).toBe(0);
    for (let i = 10; i < 40; i++) th.failed('alice', `10.0.1.${i}`);
    expect(th.waitMs('alice', '10.7.7.7')).toBe(60_000);
  });

  it('counts an IPv6 /64 as one address', () => {
    const c = clock();
    const th = createThrottle({ now: c.now });
    th.failed('alice', '2001:db8:1:2::1');
    th.failed('alice', '2001:db8:1:2:ffff::2');
    th.failed('alice', '2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd');
    expect(th.waitMs('alice', '2001:db8:1:2::9')).toBe(1000);
    expect(th.waitMs('alice', '2001:db8:1:3::9')).toBe(0);
  });

  it('asks for one audit record per blocking period, not one per refused try', () => {
    const c = clock();
    const th = createThrottle({ now: c.now });
    for (let i = 0; i < 3; i++) th.failed('alice', 'a');
    expect(th.firstRefusal('alice', 'a')).toBe(true);
    expect(th.firstRefusal('alice', 'a')).toBe(false);
    expect(th.firstRefusal('alice', 'b')).toBe(true);
    c.advance(1000);
    th.failed('alice', 'a');
    expect(th.firstRefusal('alice', 'a')).toBe(true);
  });
});
