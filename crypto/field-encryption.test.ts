import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FieldCrypto, FieldCryptoError, generateFieldKeyEntry, parseFieldKeyList } from './field-encryption';

function keys(versions: string, currentVersion: number, blindIndexKey = Buffer.alloc(32, 7)) {
  return { versions: parseFieldKeyList(versions), currentVersion, blindIndexKey };
}

describe('field encryption', () => {
  const v1 = generateFieldKeyEntry(1);
  const cipher = new FieldCrypto(keys(v1, 1));

  it('round-trips any text and never repeats a ciphertext', () => {
    fc.assert(
      fc.property(fc.string(), text => {
        const first = cipher.encrypt(text);
        expect(first).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
        expect(cipher.decrypt(first)).toBe(text);
        expect(cipher.encrypt(text)).not.toBe(first);
      })
    );
  });

  it('refuses any ciphertext with a changed byte', () => {
    const text = cipher.encrypt('360102196803121234');
    const bytes = Buffer.from(text.slice(3), 'base64url');
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (position, delta) => {
        const tampered = Buffer.from(bytes);
        tampered[position] = ((tampered[position] ?? 0) + delta) % 256;
        expect(() => cipher.decrypt(`v1.${tampered.toString('base64url')}`)).toThrow(FieldCryptoError);
      }),
      { numRuns: 300 }
    );
    expect(() => cipher.decrypt(`v1.${bytes.subarray(0, bytes.length - 1).toString('base64url')}`)).toThrow(
      FieldCryptoError
    );
  });

  it('reads rows written under an older key version after rotation and flags them as stale', () => {
    const old = cipher.encrypt('13807081234');
    const rotated = new FieldCrypto(keys(`${v1};${generateFieldKeyEntry(2)}`, 2));
    expect(rotated.decrypt(old)).toBe('13807081234');
    expect(rotated.isStale(old)).toBe(true);
    expect(rotated.isStale(rotated.encrypt('x'))).toBe(false);
    const other = new FieldCrypto(keys(generateFieldKeyEntry(1), 1));
    expect(() => other.decrypt(old)).toThrow(FieldCryptoError);
  });

  it('gives the same blind index for the same number whatever its case or spaces, and separates kinds', () => {
    const index = cipher.blindIndex('id-number', '36010219680312123x');
    expect(index).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.blindIndex('id-number', ' 36010219680312123X ')).toBe(index);
    expect(cipher.blindIndex('card-number', '36010219680312123X')).not.toBe(index);
    const otherKey = new FieldCrypto(keys(v1, 1, crypto.randomBytes(32)));
    expect(otherKey.blindIndex('id-number', '36010219680312123X')).not.toBe(index);
  });

  it('refuses malformed key lists', () => {
    expect(() => parseFieldKeyList('1:abc:def')).toThrow(FieldCryptoError);
    expect(() => new FieldCrypto(keys(v1, 2))).toThrow(FieldCryptoError);
  });
});
