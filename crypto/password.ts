/**
 * Password hashing with PBKDF2-HMAC-SM3 (国密; bcrypt/argon2 are not SM3-based, see docs/security-decisions.md).
 * Stored as `pbkdf2-sm3$<iterations>$<base64 salt>$<base64 hash>`, so the iteration count can be raised later
 * and older hashes still verify (and are reported as needing a rehash).
 */
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2 = promisify(crypto.pbkdf2);

/** ≈150 ms on the reference server (Node 20, OpenSSL 3.0): 100k iterations measured 100–110 ms, 150k 150 ms. */
export const defaultPasswordIterations = 150_000;
const scheme = 'pbkdf2-sm3';
const saltLength = 16;
const hashLength = 32;

async function derive(password: string, salt: Buffer, iterations: number): Promise<Buffer> {
  return pbkdf2(password.normalize('NFKC'), salt, iterations, hashLength, 'sm3');
}

export async function hashPassword(password: string, iterations = defaultPasswordIterations): Promise<string> {
  const salt = crypto.randomBytes(saltLength);
  const hash = await derive(password, salt, iterations);
  return `${scheme}$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export interface PasswordCheck {
  ok: boolean;
  /** The hash was made with fewer iterations than asked for now; store a fresh one after a successful sign-in. */
  needsRehash: boolean;
}

function parse(encoded: string): { iterations: number; salt: Buffer; hash: Buffer } | undefined {
  const parts = encoded.split('$');
  if (parts.length !== 4 || parts[0] !== scheme) return undefined;
  const iterations = Number(parts[1]);
  if (!Number.isInteger(iterations) || iterations < 1) return undefined;
  const salt = Buffer.from(parts[2] ?? '', 'base64');
  const hash = Buffer.from(parts[3] ?? '', 'base64');
  if (salt.length !== saltLength || hash.length !== hashLength) return undefined;
  return { iterations, salt, hash };
}

/**
 * Checks a password against a stored hash. With no stored hash (unknown user, account without a password)
 * the same amount of work is done against a throw-away salt, so the answer takes as long either way.
 */
export async function verifyPassword(
  password: string,
  encoded: string | null | undefined,
  iterations = defaultPasswordIterations
): Promise<PasswordCheck> {
  const stored = encoded ? parse(encoded) : undefined;
  if (!stored) {
    await derive(password, crypto.randomBytes(saltLength), iterations);
    return { ok: false, needsRehash: false };
  }
  const candidate = await derive(password, stored.salt, stored.iterations);
  const ok = crypto.timingSafeEqual(candidate, stored.hash);
  return { ok, needsRehash: ok && stored.iterations < iterations };
}
