/**
 * Encryption of personal fields at rest (ID numbers, card numbers, phones, addresses, diagnoses).
 *
 * SM4-CBC with a random IV, then HMAC-SM3 over version‖IV‖ciphertext with a separate key (encrypt-then-MAC:
 * the MAC is checked before any padding is looked at, so there is no padding oracle). The text form is
 * `v{version}.{base64url(iv ‖ ciphertext ‖ mac)}`, so keys can rotate while old rows stay readable.
 * Equality search uses a blind index, HMAC-SM3 under a third key that does not rotate with the others.
 */
import crypto from 'node:crypto';
import { hmacSm3, sm4CbcDecrypt, sm4CbcEncrypt } from './gm';

export interface FieldKeyVersion {
  /** 16-byte SM4 key. */
  encryptionKey: Buffer;
  /** HMAC-SM3 key, 32 bytes. */
  macKey: Buffer;
}

export interface FieldKeys {
  currentVersion: number;
  versions: ReadonlyMap<number, FieldKeyVersion>;
  /** HMAC-SM3 key of the blind indexes; changing it means rebuilding every index column. */
  blindIndexKey: Buffer;
}

/** What a blind index is computed over: one kind never matches another even for equal text. */
export type BlindIndexKind = 'id-number' | 'card-number' | 'phone' | 'psn-no' | 'name';

export class FieldCryptoError extends Error {
  readonly code = 'FIELD_CRYPTO_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'FieldCryptoError';
  }
}

const ivLength = 16;
const macLength = 32;
const textPattern = /^v(\d{1,5})\.([A-Za-z0-9_-]+)$/;

function mac(key: Buffer, version: number, iv: Buffer, ciphertext: Buffer): Buffer {
  return hmacSm3(key, Buffer.concat([Buffer.from(`v${version}.`, 'utf8'), iv, ciphertext]));
}

export class FieldCrypto {
  constructor(private readonly keys: FieldKeys) {
    if (!keys.versions.has(keys.currentVersion)) throw new FieldCryptoError('current field key version has no key');
    for (const [version, key] of keys.versions) {
      if (key.encryptionKey.length !== 16)
        throw new FieldCryptoError(`field key v${version}: SM4 key must be 16 bytes`);
      if (key.macKey.length < 32) throw new FieldCryptoError(`field key v${version}: MAC key must be ≥ 32 bytes`);
    }
    if (keys.blindIndexKey.length < 32) throw new FieldCryptoError('blind index key must be ≥ 32 bytes');
  }

  encrypt(plaintext: string): string {
    const version = this.keys.currentVersion;
    const key = this.keyOf(version);
    const iv = crypto.randomBytes(ivLength);
    const ciphertext = sm4CbcEncrypt(key.encryptionKey, iv, Buffer.from(plaintext, 'utf8'));
    const tag = mac(key.macKey, version, iv, ciphertext);
    return `v${version}.${Buffer.concat([iv, ciphertext, tag]).toString('base64url')}`;
  }

  /** Throws FieldCryptoError for anything not produced by `encrypt` under a known key. */
  decrypt(text: string): string {
    const match = textPattern.exec(text);
    if (!match) throw new FieldCryptoError('not an encrypted field');
    const version = Number(match[1]);
    const key = this.keyOf(version);
    const bytes = Buffer.from(match[2] ?? '', 'base64url');
    if (bytes.length < ivLength + 16 + macLength || (bytes.length - ivLength - macLength) % 16 !== 0) {
      throw new FieldCryptoError('encrypted field has a wrong length');
    }
    const iv = bytes.subarray(0, ivLength);
    const ciphertext = bytes.subarray(ivLength, bytes.length - macLength);
    const tag = bytes.subarray(bytes.length - macLength);
    if (!crypto.timingSafeEqual(tag, mac(key.macKey, version, iv, ciphertext))) {
      throw new FieldCryptoError('encrypted field failed authentication');
    }
    return sm4CbcDecrypt(key.encryptionKey, iv, ciphertext).toString('utf8');
  }

  /** True when the text was written under an older key and should be rewritten. */
  isStale(text: string): boolean {
    return textPattern.exec(text)?.[1] !== String(this.keys.currentVersion);
  }

  /** Deterministic 64-hex-digit index for equality search; the value is normalised first (trim, upper case). */
  blindIndex(kind: BlindIndexKind, value: string): string {
    const normalised = value.replace(/\s+/g, '').toUpperCase();
    return hmacSm3(this.keys.blindIndexKey, `${kind}\u0000${normalised}`).toString('hex');
  }

  private keyOf(version: number): FieldKeyVersion {
    const key = this.keys.versions.get(version);
    if (!key) throw new FieldCryptoError(`no field key v${version}`);
    return key;
  }
}

/** Parses `FIELD_KEYS` = `1:<32 hex SM4>:<64 hex MAC>;2:…`. */
export function parseFieldKeyList(text: string): Map<number, FieldKeyVersion> {
  const versions = new Map<number, FieldKeyVersion>();
  for (const entry of text.split(/[;,\s]+/).filter(Boolean)) {
    const match = /^(\d{1,5}):([0-9a-fA-F]{32}):([0-9a-fA-F]{64,128})$/.exec(entry);
    if (!match) throw new FieldCryptoError('FIELD_KEYS entries must look like 1:<32 hex>:<64 hex>');
    versions.set(Number(match[1]), {
      encryptionKey: Buffer.from(match[2] ?? '', 'hex'),
      macKey: Buffer.from(match[3] ?? '', 'hex')
    });
  }
  if (versions.size === 0) throw new FieldCryptoError('FIELD_KEYS is empty');
  return versions;
}

export function generateFieldKeyEntry(version: number): string {
  return `${version}:${crypto.randomBytes(16).toString('hex')}:${crypto.randomBytes(32).toString('hex')}`;
}
