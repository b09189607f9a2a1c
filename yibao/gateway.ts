/**
 * Gateway authentication and body protection, each switched by configuration:
 * - csb: Alibaba-CSB headers as Jiangxi clients send them (`_api_*`, HmacSHA1 over the sorted header pairs);
 * - tif: `x-tif-*` headers (SHA-256 of timestamp + secret + nonce + timestamp);
 * - sm2: envelope `cainfo` = Base64(raw r‖s of SM3withSM2 over the input), `signtype` "SM2";
 *   a signed response is verified the same way over its output;
 * - sm4: `input`/`output` replaced by Base64(SM4-ECB-PKCS7(JSON)), flagged with `enc_type` "SM4".
 * What is signed is the JSON text of `input` (or `output`) exactly as it is transmitted: its characters in
 * the body, or the plaintext that was encrypted. A receiver that verifies the text it received accepts it
 * whatever order or escaping the sender's JSON library writes. [? confirm the signed string with the bureau]
 */
import crypto from 'node:crypto';
import { findNodeAtLocation, parseTree, type ParseError } from 'jsonc-parser';
import { sm4EcbDecrypt, sm4EcbEncrypt, type Sm2Signer, type Sm2Verifier } from '../crypto/gm';

export type AuthMode = 'csb' | 'sm2' | 'sm4' | 'tif';

export const authModeNames: readonly AuthMode[] = ['csb', 'sm2', 'sm4', 'tif'];

/** The CSB headers alone, as the only real Jiangxi client found signs (README: "Yibao gateway signing"). */
export const defaultAuthModes = 'csb';

/** `none`, or modes joined with `+` (`csb+sm2+sm4`). */
export function parseAuthModes(text: string): ReadonlySet<AuthMode> {
  if (text.trim() === 'none' || text.trim() === '') return new Set();
  const modes = text.split('+').map(mode => mode.trim());
  for (const mode of modes) {
    if (!authModeNames.includes(mode as AuthMode)) throw new Error(`unknown Yibao auth mode: ${mode}`);
  }
  return new Set(modes as AuthMode[]);
}

export function formatAuthModes(modes: ReadonlySet<AuthMode>): string {
  return modes.size === 0 ? 'none' : authModeNames.filter(mode => modes.has(mode)).join('+');
}

export interface CsbCredentials {
  accessKey: string;
  secretKey: string;
  apiVersion: string;
}

export interface TifCredentials {
  paasid: string;
  secret: string;
}

/** `_api_name` of a transaction on the Jiangxi CSB gateway. */
export function csbApiName(infno: string): string {
  return `hsa-fsi-${infno}`;
}

/** Base64(HmacSHA1(SK, k=v&… sorted by key)); a JSON body is not part of the signature. */
export function csbSignature(secretKey: string, parameters: Record<string, string>): string {
  const text = Object.keys(parameters)
    .sort()
    .map(key => `${key}=${parameters[key]}`)
    .join('&');
  return crypto.createHmac('sha1', secretKey).update(text, 'utf8').digest('base64');
}

export function csbHeaders(infno: string, credentials: CsbCredentials, now: number): Record<string, string> {
  const parameters = {
    _api_access_key: credentials.accessKey,
    _api_name: csbApiName(infno),
    _api_timestamp: String(now),
    _api_version: credentials.apiVersion
  };
  return { ...parameters, _api_signature: csbSignature(credentials.secretKey, parameters) };
}

export function tifSignature(timestamp: string, secret: string, nonce: string): string {
  return crypto.createHash('sha256').update(`${timestamp}${secret}${nonce}${timestamp}`, 'utf8').digest('hex');
}

export function tifHeaders(credentials: TifCredentials, now: number): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  const nonce = crypto.randomUUID().replaceAll('-', '');
  return {
    'x-tif-paasid': credentials.paasid,
    'x-tif-timestamp': timestamp,
    'x-tif-nonce': nonce,
    'x-tif-signature': tifSignature(timestamp, credentials.secret, nonce)
  };
}

/**
 * The JSON text of a member exactly as it stands in a body (`['input']` of a request, `['output']` of an
 * answer), or undefined when the body is not strict JSON or has no such member.
 */
export function transmittedJson(body: string, path: string[]): string | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(body, errors, { disallowComments: true, allowTrailingComma: false });
  if (!root || errors.length > 0) return undefined;
  const node = findNodeAtLocation(root, path);
  return node ? body.slice(node.offset, node.offset + node.length) : undefined;
}

/** cainfo: Base64 of the 64-byte r‖s over the text as transmitted. */
export function signText(signer: Sm2Signer, text: string): string {
  return Buffer.from(signer.sign(text), 'hex').toString('base64');
}

/** False for a missing, malformed or wrong cainfo; never throws. */
export function verifyText(
  verifier: Sm2Verifier,
  text: string | undefined,
  cainfo: string | null | undefined
): boolean {
  if (text === undefined || !cainfo || !/^[A-Za-z0-9+/]{86}==$/.test(cainfo)) return false;
  return verifier.verify(text, Buffer.from(cainfo, 'base64').toString('hex'));
}

/** Base64(SM4-ECB-PKCS7(text)): the text, as signed, is what the receiver decrypts. */
export function encryptText(key: Buffer, text: string): string {
  return sm4EcbEncrypt(key, Buffer.from(text, 'utf8')).toString('base64');
}

/** The plaintext of `encryptText`; throws when the text is not SM4 ciphertext under this key. */
export function decryptText(key: Buffer, text: string): string {
  return sm4EcbDecrypt(key, Buffer.from(text, 'base64')).toString('utf8');
}

export function encryptBody(key: Buffer, body: unknown): string {
  return encryptText(key, JSON.stringify(body));
}

/** Throws when the text is not SM4 ciphertext of JSON under this key. */
export function decryptBody(key: Buffer, text: string): unknown {
  return JSON.parse(decryptText(key, text)) as unknown;
}
