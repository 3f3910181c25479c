// Password hashing with scrypt from node:crypto (no native add-on to build). The hash string carries
// its own parameters and salt, so the cost can be raised later without breaking stored hashes.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { FairQueue } from './fair-queue';

/**
 * N = 2^15, r = 8, p = 3: one of OWASP's equivalent scrypt settings (same work as N = 2^17, p = 1)
 * at 32 MiB per hash instead of 128 MiB; about 0.2 s on a small server.
 */
export const DEFAULT_COST = { N: 2 ** 15, r: 8, p: 3 } as const;
/** The weakest N a stored hash may use; weaker ones are refused when the file loads. */
export const MIN_N = 2 ** 14;
const KEY_LEN = 32;
const SALT_LEN = 16;
const PREFIX = 'scrypt';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

function scrypt(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = {
    N: cost.N,
    r: cost.r,
    p: cost.p,
    // 128 * N * r bytes, plus slack; Node's default cap (32 MiB) is too small for N = 2^15.
    maxmem: 128 * cost.N * cost.r * cost.p + 16 * 1024 * 1024,
  };
  // The async form runs on the libuv thread pool, so a sign-in never blocks other requests.
  return new Promise((resolve, reject) => {
    scryptCb(password.normalize('NFC'), salt, KEY_LEN, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** `scrypt$N=32768,r=8,p=1$<salt base64>$<key base64>` */
export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST) {
  const salt = randomBytes(SALT_LEN);
  const key = await scrypt(password, salt, cost);
  return `${PREFIX}$N=${cost.N},r=${cost.r},p=${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export interface ParsedHash {
  cost: ScryptCost;
  salt: Buffer;
  key: Buffer;
}

const HASH_RE = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/** Parses a stored hash; null when it is not one this module wrote or its cost is too low. */
export function parseHash(hash: string): ParsedHash | null {
  const m = HASH_RE.exec(hash);
  if (!m) return null;
  const cost = { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  const isPowerOfTwo = (cost.N & (cost.N - 1)) === 0;
  if (!isPowerOfTwo || cost.N < MIN_N || cost.N > 2 ** 20) return null;
  if (cost.r < 8 || cost.r > 32 || cost.p < 1 || cost.p > 16) return null;
  const salt = Buffer.from(m[4] ?? '', 'base64');
  const key = Buffer.from(m[5] ?? '', 'base64');
  if (salt.length < SALT_LEN || key.length !== KEY_LEN) return null;
  return { cost, salt, key };
}

/** Thrown when too many sign-ins are already being checked: the caller answers 503 (busy). */
export class HashQueueFullError extends Error {
  constructor() {
    super('Too many sign-in attempts are being checked right now');
    this.name = 'HashQueueFullError';
  }
}

// At most two hashes at a time (32 MiB each) and a short queue, so a flood of sign-in attempts
// cannot eat the server's memory or its thread pool (which DNS and file I/O share). The queue is
// fair by client address: a flood from a few addresses cannot keep everyone else out.
const MAX_QUEUED = 32;
const hashing = new FairQueue(2, MAX_QUEUED, () => new HashQueueFullError());

/**
 * Constant-time comparison of a password with a stored hash. `queueKey` (the client's address
 * group) decides its turn in the hash queue.
 */
export async function verifyPassword(
  password: string,
  parsed: ParsedHash,
  queueKey = '',
): Promise<boolean> {
  const key = await hashing.run(queueKey, () => scrypt(password, parsed.salt, parsed.cost));
  return timingSafeEqual(key, parsed.key);
}

// Unknown user names still pay for one hash, so timing does not tell which names exist.
let dummy: Promise<ParsedHash> | undefined;
export async function burnDummyHash(password: string, queueKey = ''): Promise<void> {
  dummy ??= hashPassword('not-a-real-password').then((h) => parseHash(h) as ParsedHash);
  await verifyPassword(password, await dummy, queueKey);
}
