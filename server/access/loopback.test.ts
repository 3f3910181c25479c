// One rule for "this machine only", for the HOST setting and for the demo's Host-header guard.
import { describe, expect, it } from 'vitest';
import { hostOfHeader, isLoopbackHost } from './loopback';

describe('isLoopbackHost', () => {
  it.each([
    'localhost',
    'LOCALHOST',
    '127.0.0.1',
    '127.0.0.2',
    '127.255.255.254',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
  ])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    '',
    '0.0.0.0',
    '::',
    '128.0.0.1',
    '10.0.0.1',
    '127.1',
    '127.999.0.1',
    '127.0.0.1.evil.example',
    'localhost.',
    'evil.localhost',
    'localhost.evil.example',
    '[::1',
    '::ffff:10.0.0.1',
  ])('%j is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('hostOfHeader', () => {
  it('drops the port, keeps IPv6 brackets', () => {
    expect(hostOfHeader('localhost:8080')).toBe('localhost');
    expect(hostOfHeader('[::1]:8080')).toBe('[::1]');
    expect(hostOfHeader('[::1]')).toBe('[::1]');
    expect(hostOfHeader('127.0.0.1')).toBe('127.0.0.1');
    expect(hostOfHeader(undefined)).toBe('');
  });
});
