import fc from 'fast-check';
import smCrypto from 'sm-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  GmKeyError,
  Sm2Signer,
  Sm2Verifier,
  generateSm2KeyPair,
  hmacSm3,
  initGm,
  normalizeSm2PrivateKey,
  normalizeSm2PublicKey,
  sm2Sign,
  sm2Verify,
  sm3,
  sm4CbcDecrypt,
  sm4CbcEncrypt,
  sm4EcbDecrypt,
  sm4EcbEncrypt
} from './gm';

/** Produced once with sm-crypto@0.5.8 (SM3withSM2, default userId, raw r‖s). */
const vector = {
  privateKey: '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8',
  publicKey:
    '0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  message: '{"data":{"psn_no":"36010000000000100234"}}',
  signature:
    '22d81130dcb20e319d3deee402670b1fb08263d038212570730017da3b5013b20806266d5915d592139fddc6e9b4eff0d9ab9f311184ffe0dbc7c0e2e1eb3239'
};

beforeAll(async () => {
  await initGm();
});

describe('SM2', () => {
  it('verifies a fixed signature made by sm-crypto and rejects it for another message', () => {
    expect(sm2Verify(vector.message, vector.signature, vector.publicKey)).toBe(true);
    expect(sm2Verify(`${vector.message} `, vector.signature, vector.publicKey)).toBe(false);
  });

  it('derives the fixed public key from the fixed private key', () => {
    expect(new Sm2Signer(vector.privateKey).publicKey).toBe(vector.publicKey);
  });

  it('makes signatures that sm-crypto verifies, and verifies signatures that sm-crypto makes', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.constantFrom('1234567812345678', 'hospital-001'),
        (message, userId) => {
          const pair = smCrypto.sm2.generateKeyPairHex();
          const ours = sm2Sign(message, pair.privateKey, { userId });
          expect(ours).toMatch(/^[0-9a-f]{128}$/);
          expect(smCrypto.sm2.doVerifySignature(message, ours, pair.publicKey, { hash: true, userId })).toBe(true);
          const theirs = smCrypto.sm2.doSignature(message, pair.privateKey, { hash: true, userId });
          expect(sm2Verify(message, theirs, pair.publicKey, { userId })).toBe(true);
        }
      ),
      { numRuns: 25 }
    );
  });

  it('draws a fresh nonce for every signature: the same message never gets the same r twice', () => {
    // A repeated k reveals the private key from two signatures.
    const pair = generateSm2KeyPair();
    const signer = new Sm2Signer(pair.privateKey);
    const signatures = Array.from({ length: 50 }, () => signer.sign('挂号费'));
    expect(new Set(signatures.map(signature => signature.slice(0, 64))).size).toBe(50);
    for (const signature of signatures) {
      expect(smCrypto.sm2.doVerifySignature('挂号费', signature, pair.publicKey, { hash: true })).toBe(true);
    }
  });

  it('does not verify a signature made for another userId', () => {
    const pair = generateSm2KeyPair();
    const signature = sm2Sign('abc', pair.privateKey, { userId: 'other-user' });
    expect(sm2Verify('abc', signature, pair.publicKey)).toBe(false);
  });

  it('returns false instead of throwing for any tampered or malformed signature', () => {
    const pair = generateSm2KeyPair();
    const verifier = new Sm2Verifier(pair.publicKey);
    const signature = new Sm2Signer(pair.privateKey).sign('挂号费');
    fc.assert(
      fc.property(fc.nat(127), fc.integer({ min: 1, max: 15 }), (position, delta) => {
        const digit = (parseInt(signature[position] ?? '0', 16) + delta) % 16;
        const tampered = signature.slice(0, position) + digit.toString(16) + signature.slice(position + 1);
        expect(verifier.verify('挂号费', tampered)).toBe(false);
      }),
      { numRuns: 200 }
    );
    fc.assert(
      fc.property(fc.string(), text => {
        expect(verifier.verify('挂号费', text)).toBe(false);
      })
    );
    expect(verifier.verify('挂号费', '0'.repeat(128))).toBe(false);
    expect(verifier.verify('挂号费', 'f'.repeat(128))).toBe(false);
    expect(sm2Verify('挂号费', signature, 'not a key')).toBe(false);
  });

  it('never derives keys from a seed: fresh key pairs differ and none has private key 1', () => {
    const keys = new Set(Array.from({ length: 20 }, () => generateSm2KeyPair().privateKey));
    expect(keys.size).toBe(20);
    expect(keys.has('0'.repeat(63) + '1')).toBe(false);
  });

  it('normalises the key encodings Java peers send and refuses keys off the curve', () => {
    const pair = generateSm2KeyPair();
    const raw = Buffer.from(pair.publicKey.slice(2), 'hex');
    const spki = Buffer.concat([
      Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d03420004', 'hex'),
      raw
    ]).toString('base64');
    expect(normalizeSm2PublicKey(spki)).toBe(pair.publicKey);
    expect(normalizeSm2PublicKey(raw.toString('hex'))).toBe(pair.publicKey);
    expect(normalizeSm2PublicKey(Buffer.from(pair.publicKey, 'hex').toString('base64'))).toBe(pair.publicKey);
    const y = BigInt(`0x${pair.publicKey.slice(66)}`);
    const compressed = `${y % 2n === 0n ? '02' : '03'}${pair.publicKey.slice(2, 66)}`;
    expect(normalizeSm2PublicKey(compressed)).toBe(pair.publicKey);
    expect(normalizeSm2PrivateKey(`00${pair.privateKey}`)).toBe(pair.privateKey);
    expect(() => normalizeSm2PublicKey(`04${'11'.repeat(64)}`)).toThrow(GmKeyError);
    expect(() => normalizeSm2PrivateKey('00'.repeat(32))).toThrow(GmKeyError);
  });
});

describe('SM3 and SM4', () => {
  it('reproduces the GB/T 32905 SM3 vector and sm-crypto digests', () => {
    expect(sm3('abc').toString('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    fc.assert(
      fc.property(fc.string(), text => {
        expect(sm3(text).toString('hex')).toBe(smCrypto.sm3(text));
      })
    );
  });

  it('computes HMAC-SM3 as sm-crypto does', () => {
    expect(hmacSm3(Buffer.from('0123456789abcdef0123456789abcdef', 'hex'), 'abc').toString('hex')).toBe(
      '4d2e8eefcfaa97b2bea04cda000823a4f2e6e264cf7a819d67117ad12cc9a8af'
    );
  });

  it('encrypts SM4-CBC and SM4-ECB exactly as sm-crypto and decrypts its ciphertext', () => {
    const key = '0123456789abcdeffedcba9876543210';
    const iv = 'fedcba98765432100123456789abcdef';
    const cbc = sm4CbcEncrypt(Buffer.from(key, 'hex'), Buffer.from(iv, 'hex'), Buffer.from('江西中医药大学附属医院'));
    expect(cbc.toString('hex')).toBe(
      '3fbd19e71ed106a7f9f73587cb54c97b2a3d8ece531f914254ce98ec31f609ac146b00a7863bd25d175587ecbc5f66b5'
    );
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), text => {
        const ecb = sm4EcbEncrypt(Buffer.from(key, 'hex'), Buffer.from(text));
        expect(ecb.toString('hex')).toBe(smCrypto.sm4.encrypt(text, key));
        expect(sm4EcbDecrypt(Buffer.from(key, 'hex'), ecb).toString()).toBe(text);
        const theirs = smCrypto.sm4.encrypt(text, key, { mode: 'cbc', iv });
        expect(
          sm4CbcDecrypt(Buffer.from(key, 'hex'), Buffer.from(iv, 'hex'), Buffer.from(theirs, 'hex')).toString()
        ).toBe(text);
      })
    );
  });

  it('refuses SM4 keys that are not 16 bytes', () => {
    expect(() => sm4EcbEncrypt(Buffer.alloc(15), Buffer.from('x'))).toThrow(GmKeyError);
  });
});
