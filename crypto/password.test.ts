import { describe, expect, it } from 'vitest';
import { defaultPasswordIterations, hashPassword, verifyPassword } from './password';

describe('PBKDF2-HMAC-SM3 passwords', () => {
  it('stores the scheme, iteration count, a 16-byte salt and a 32-byte hash', async () => {
    const encoded = await hashPassword('Kx9#mPq2vL', 10_000);
    const [scheme, iterations, salt, hash] = encoded.split('$');
    expect(scheme).toBe('pbkdf2-sm3');
    expect(iterations).toBe('10000');
    expect(Buffer.from(salt ?? '', 'base64')).toHaveLength(16);
    expect(Buffer.from(hash ?? '', 'base64')).toHaveLength(32);
  });

  it('salts every hash differently', async () => {
    expect(await hashPassword('Kx9#mPq2vL', 10_000)).not.toBe(await hashPassword('Kx9#mPq2vL', 10_000));
  });

  it('accepts the right password only', async () => {
    const encoded = await hashPassword('Kx9#mPq2vL', 10_000);
    expect(await verifyPassword('Kx9#mPq2vL', encoded, 10_000)).toEqual({ ok: true, needsRehash: false });
    expect((await verifyPassword('Kx9#mPq2vl', encoded, 10_000)).ok).toBe(false);
  });

  it('asks for a rehash when the stored count is below the configured one', async () => {
    const encoded = await hashPassword('Kx9#mPq2vL', 10_000);
    expect(await verifyPassword('Kx9#mPq2vL', encoded, 20_000)).toEqual({ ok: true, needsRehash: true });
  });

  it('refuses a missing or malformed hash after doing the same work', async () => {
    expect((await verifyPassword('Kx9#mPq2vL', undefined, 10_000)).ok).toBe(false);
    expect((await verifyPassword('Kx9#mPq2vL', 'bcrypt$2b$xyz', 10_000)).ok).toBe(false);
  });

  it('uses a default count that costs at least 50 ms here', async () => {
    const started = performance.now();
    await hashPassword('Kx9#mPq2vL', defaultPasswordIterations);
    expect(performance.now() - started).toBeGreaterThan(50);
  });
});
