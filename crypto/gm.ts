/**
 * The one home of the 国密 primitives (SM2, SM3, HMAC-SM3, SM4) used by the whole system.
 *
 * SM2 goes through sm-crypto-v2 (Node's own "SM2" is ECDSA over the SM2 curve, not GM/T 0003), wrapped so
 * that the library's traps (security-controls §3.3) cannot reach callers: the hash option is always on
 * (SM3withSM2 with a userId), signatures are raw r‖s, keys are normalised and validated, verification never
 * throws, key generation is never seeded, and the RNG pool is initialised before first use.
 * SM3, HMAC-SM3 and SM4-ECB/CBC come from node:crypto and are checked against known answers at start-up.
 */
import crypto from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';

/** GM/T 0009 default user identity; platforms that do not announce another one use it. */
export const defaultSm2UserId = '1234567812345678';

/** Order n of the SM2 curve (GM/T 0003.5). */
const curveOrder = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

export class GmKeyError extends Error {
  readonly code = 'GM_KEY_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'GmKeyError';
  }
}

export interface Sm2KeyPair {
  /** 64 lower-case hex digits. */
  privateKey: string;
  /** Uncompressed point, `04` + 128 lower-case hex digits. */
  publicKey: string;
}

export interface Sm2Options {
  /** Signer identity hashed into Z; defaults to `1234567812345678`. */
  userId?: string;
}

let ready: Promise<void> | undefined;

/** Initialises the RNG pool and runs the known-answer self-tests; call (and await) once at start-up. */
export function initGm(): Promise<void> {
  ready ??= (async () => {
    await sm2.initRNGPool();
    gmSelfTest();
  })();
  return ready;
}

function decodeKeyText(input: string): Buffer {
  const text = input.trim();
  if (/^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return Buffer.from(text, 'base64');
  throw new GmKeyError('SM2 key is neither hex nor Base64');
}

/** Accepts hex or Base64, 32 bytes or 33 with a leading 00 sign byte (Java BigInteger); checks 1 ≤ d < n−1. */
export function normalizeSm2PrivateKey(input: string): string {
  let bytes = decodeKeyText(input);
  if (bytes.length === 33 && bytes[0] === 0) bytes = bytes.subarray(1);
  if (bytes.length !== 32) throw new GmKeyError(`SM2 private key must be 32 bytes, got ${bytes.length}`);
  const d = BigInt(`0x${bytes.toString('hex')}`);
  if (d < 1n || d >= curveOrder - 1n) throw new GmKeyError('SM2 private key out of range');
  return bytes.toString('hex');
}

/** DER prefix of a SubjectPublicKeyInfo for an SM2 key (id-ecPublicKey + sm2p256v1), as Java peers export it. */
const spkiPrefix = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d03420004', 'hex');

/** Accepts hex or Base64 of 04‖x‖y, x‖y without 04, a compressed point, or an SPKI; returns 04‖x‖y on the curve. */
export function normalizeSm2PublicKey(input: string): string {
  let bytes = decodeKeyText(input);
  if (bytes.length === spkiPrefix.length + 64 && bytes.subarray(0, spkiPrefix.length).equals(spkiPrefix)) {
    bytes = Buffer.concat([Buffer.from([4]), bytes.subarray(spkiPrefix.length)]);
  }
  if (bytes.length === 64) bytes = Buffer.concat([Buffer.from([4]), bytes]);
  let hex = bytes.toString('hex');
  if (bytes.length === 33 && (bytes[0] === 2 || bytes[0] === 3)) {
    hex = decompress(hex);
  } else if (!(bytes.length === 65 && bytes[0] === 4)) {
    throw new GmKeyError(`SM2 public key has an unknown encoding (${bytes.length} bytes)`);
  }
  let valid: boolean;
  try {
    valid = sm2.verifyPublicKey(hex);
  } catch {
    valid = false;
  }
  if (!valid) throw new GmKeyError('SM2 public key is not a point on the curve');
  return hex;
}

function decompress(compressedHex: string): string {
  try {
    return sm2.precomputePublicKey(compressedHex, 1).toHex(false);
  } catch {
    throw new GmKeyError('SM2 compressed public key is not a point on the curve');
  }
}

/** A fresh key pair from the platform CSPRNG (sm-crypto-v2's seeded variant always yields d = 1). */
export function generateSm2KeyPair(): Sm2KeyPair {
  const pair = sm2.generateKeyPairHex();
  return { privateKey: normalizeSm2PrivateKey(pair.privateKey), publicKey: normalizeSm2PublicKey(pair.publicKey) };
}

export function sm2PublicKeyOf(privateKey: string): string {
  return normalizeSm2PublicKey(sm2.getPublicKeyFromPrivateKey(normalizeSm2PrivateKey(privateKey)));
}

/**
 * e = SM3(Z ‖ M) of GM/T 0003 ("SM3withSM2"), with Z fixed per key and userId. Hashing here with Node's native
 * SM3 and handing e to the library with hash:false is the same signature as `{hash: true, userId}`, faster.
 */
function digestWithZ(z: Uint8Array, message: string | Uint8Array): Uint8Array {
  return crypto
    .createHash('sm3')
    .update(z)
    .update(typeof message === 'string' ? Buffer.from(message, 'utf8') : message)
    .digest();
}

/** The base point G of the curve (GM/T 0003.5), uncompressed. */
const basePointHex =
  '04' +
  '32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7' +
  'bc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0';

/**
 * G with a 10-bit window table (≈0.15 s once, ≈4 MB), shared by every signer of the process: k·G is
 * the whole cost of a signature, and the library's own path (a key pair through hex and back, 8-bit table)
 * took about a fifth longer.
 */
let basePoint: ReturnType<typeof sm2.precomputePublicKey> | undefined;

/** A fresh signature nonce: k uniform in [1, n−1] from the platform CSPRNG, with x1 of k·G. */
function signatureNonce(): { k: bigint; x1: bigint } {
  basePoint ??= sm2.precomputePublicKey(basePointHex, 10);
  // 48 bytes reduced mod n−1 leave a bias below 2^-128 (FIPS 186-5 A.2.1).
  const k = (BigInt(`0x${crypto.randomBytes(48).toString('hex')}`) % (curveOrder - 1n)) + 1n;
  return { k, x1: basePoint.multiply(k).toAffine().x };
}

/** A signer bound to one private key: the key is validated and its public key and Z computed once. */
export class Sm2Signer {
  readonly publicKey: string;
  private readonly privateKey: string;
  private readonly z: Uint8Array;

  constructor(privateKey: string, options: Sm2Options = {}) {
    this.privateKey = normalizeSm2PrivateKey(privateKey);
    this.publicKey = sm2PublicKeyOf(this.privateKey);
    this.z = sm2.getZ(this.publicKey, options.userId ?? defaultSm2UserId);
  }

  /** SM3withSM2 signature as 128 hex digits r‖s (platforms reject DER). */
  sign(message: string | Uint8Array): string {
    return sm2.doSignature(digestWithZ(this.z, message), this.privateKey, {
      hash: false,
      der: false,
      pointPool: [signatureNonce()]
    });
  }
}

/** A verifier bound to one public key, with the point precomputed for speed. */
export class Sm2Verifier {
  readonly publicKey: string;
  private readonly point: ReturnType<typeof sm2.precomputePublicKey>;
  private readonly z: Uint8Array;

  constructor(publicKey: string, options: Sm2Options = {}) {
    this.publicKey = normalizeSm2PublicKey(publicKey);
    this.point = sm2.precomputePublicKey(this.publicKey);
    this.z = sm2.getZ(this.publicKey, options.userId ?? defaultSm2UserId);
  }

  /** True only for a valid r‖s signature; malformed input gives false, never an exception. */
  verify(message: string | Uint8Array, signatureHex: string): boolean {
    if (!/^[0-9a-fA-F]{128}$/.test(signatureHex)) return false;
    const r = BigInt(`0x${signatureHex.slice(0, 64)}`);
    const s = BigInt(`0x${signatureHex.slice(64)}`);
    if (r < 1n || r >= curveOrder || s < 1n || s >= curveOrder) return false;
    try {
      // e is passed with hash:false so the precomputed point and Z are reused.
      return sm2.doVerifySignature(digestWithZ(this.z, message), signatureHex.toLowerCase(), this.point, {
        hash: false
      });
    } catch {
      return false;
    }
  }
}

export function sm2Sign(message: string | Uint8Array, privateKey: string, options: Sm2Options = {}): string {
  return new Sm2Signer(privateKey, options).sign(message);
}

export function sm2Verify(
  message: string | Uint8Array,
  signatureHex: string,
  publicKey: string,
  options: Sm2Options = {}
): boolean {
  try {
    return new Sm2Verifier(publicKey, options).verify(message, signatureHex);
  } catch {
    return false;
  }
}

export function sm3(data: string | Uint8Array): Buffer {
  return crypto.createHash('sm3').update(data).digest();
}

export function hmacSm3(key: Uint8Array, data: string | Uint8Array): Buffer {
  return crypto.createHmac('sm3', key).update(data).digest();
}

function checkSm4Key(key: Uint8Array): void {
  if (key.length !== 16) throw new GmKeyError(`SM4 key must be 16 bytes, got ${key.length}`);
}

/** SM4-ECB with PKCS#7, the mode provincial gateways use for `input`/`output`; never for data at rest. */
export function sm4EcbEncrypt(key: Uint8Array, plaintext: Uint8Array): Buffer {
  checkSm4Key(key);
  const cipher = crypto.createCipheriv('sm4-ecb', key, null);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

export function sm4EcbDecrypt(key: Uint8Array, ciphertext: Uint8Array): Buffer {
  checkSm4Key(key);
  const decipher = crypto.createDecipheriv('sm4-ecb', key, null);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/** SM4-CBC with PKCS#7; unauthenticated on its own, so callers MAC the result (see field-encryption). */
export function sm4CbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Buffer {
  checkSm4Key(key);
  const cipher = crypto.createCipheriv('sm4-cbc', key, iv);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

export function sm4CbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Buffer {
  checkSm4Key(key);
  const decipher = crypto.createDecipheriv('sm4-cbc', key, iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

/** Known answers: GB/T 32905 (SM3 "abc"), GB/T 32907 appendix A.1 (SM4 one block), and an SM2 round trip. */
export function gmSelfTest(): void {
  const sm3Abc = sm3('abc').toString('hex');
  if (sm3Abc !== '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0') {
    throw new Error('SM3 self-test failed');
  }
  const key = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
  const cipher = crypto.createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
  const block = Buffer.concat([cipher.update(key), cipher.final()]).toString('hex');
  if (block !== '681edf34d206965e86b3e94f536e4246') throw new Error('SM4 self-test failed');
  const pair = generateSm2KeyPair();
  const signature = new Sm2Signer(pair.privateKey).sign('self-test');
  const verifier = new Sm2Verifier(pair.publicKey);
  if (!verifier.verify('self-test', signature) || verifier.verify('self-tesT', signature)) {
    throw new Error('SM2 self-test failed');
  }
}
