/**
 * Where the Yibao and field-encryption secrets come from: the environment, or outside production a file of
 * development secrets generated on first start under DATA_DIR/keys (git-ignored, never committed). The
 * simulator reads the same file, so a development client and simulator agree without any setup.
 */
import crypto from 'node:crypto';
import type { AppConfig } from '../runtime/config';
import { loadOrCreateDevSecrets } from '../crypto/dev-secrets';
import { generateFieldKeyEntry, parseFieldKeyList, type FieldKeys } from '../crypto/field-encryption';
import { generateSm2KeyPair, normalizeSm2PrivateKey, normalizeSm2PublicKey, sm2PublicKeyOf } from '../crypto/gm';
import { parseAuthModes, type AuthMode } from './gateway';

interface DevSecrets {
  csbAccessKey: string;
  csbSecretKey: string;
  hospitalSm2PrivateKey: string;
  platformSm2PrivateKey: string;
  sm4Key: string;
  tifPaasid: string;
  tifSecret: string;
  fieldKeys: string;
  fieldBlindIndexKey: string;
}

function createDevSecrets(): DevSecrets {
  return {
    csbAccessKey: `dev-${crypto.randomBytes(8).toString('hex')}`,
    csbSecretKey: crypto.randomBytes(24).toString('base64'),
    hospitalSm2PrivateKey: generateSm2KeyPair().privateKey,
    platformSm2PrivateKey: generateSm2KeyPair().privateKey,
    sm4Key: crypto.randomBytes(16).toString('hex'),
    tifPaasid: 'jxutcm_dev',
    tifSecret: crypto.randomBytes(24).toString('base64'),
    fieldKeys: generateFieldKeyEntry(1),
    fieldBlindIndexKey: crypto.randomBytes(32).toString('hex')
  };
}

export interface YibaoSecrets {
  csbAccessKey: string;
  csbSecretKey: string;
  hospitalSm2PrivateKey: string;
  hospitalSm2PublicKey: string;
  platformSm2PublicKey: string;
  /** Only in development: the simulator signs its answers with it. */
  platformSm2PrivateKey: string | undefined;
  sm4Key: Buffer;
  tifPaasid: string;
  tifSecret: string;
}

export class SecretsMissingError extends Error {
  readonly code = 'SECRETS_MISSING';
}

function devSecrets(config: AppConfig): DevSecrets | undefined {
  return config.APP_ENV === 'production'
    ? undefined
    : loadOrCreateDevSecrets(config.dataDir, 'yibao-dev', createDevSecrets);
}

/** Every secret the configured auth modes need; in production a missing one stops start-up with its name. */
export function resolveYibaoSecrets(config: AppConfig): YibaoSecrets {
  const modes = parseAuthModes(config.YIBAO_AUTH);
  const dev = devSecrets(config);
  const pick = (value: string | undefined, devValue: string | undefined, name: string, mode: AuthMode): string => {
    const chosen = value ?? devValue;
    if (chosen === undefined && modes.has(mode))
      throw new SecretsMissingError(`${name} must be set for YIBAO_AUTH ${mode}`);
    return chosen ?? '';
  };
  const hospitalKey = pick(config.YIBAO_SM2_PRIVATE_KEY, dev?.hospitalSm2PrivateKey, 'YIBAO_SM2_PRIVATE_KEY', 'sm2');
  const platformPrivate = dev?.platformSm2PrivateKey;
  const platformPublic = pick(
    config.YIBAO_PLATFORM_SM2_PUBLIC_KEY,
    platformPrivate ? sm2PublicKeyOf(platformPrivate) : undefined,
    'YIBAO_PLATFORM_SM2_PUBLIC_KEY',
    'sm2'
  );
  const sm4Key = pick(config.YIBAO_SM4_KEY, dev?.sm4Key, 'YIBAO_SM4_KEY', 'sm4');
  if (sm4Key !== '' && !/^[0-9a-fA-F]{32}$/.test(sm4Key))
    throw new SecretsMissingError('YIBAO_SM4_KEY must be 32 hex digits');
  return {
    csbAccessKey: pick(config.YIBAO_CSB_ACCESS_KEY, dev?.csbAccessKey, 'YIBAO_CSB_ACCESS_KEY', 'csb'),
    csbSecretKey: pick(config.YIBAO_CSB_SECRET_KEY, dev?.csbSecretKey, 'YIBAO_CSB_SECRET_KEY', 'csb'),
    hospitalSm2PrivateKey: hospitalKey === '' ? '' : normalizeSm2PrivateKey(hospitalKey),
    hospitalSm2PublicKey: hospitalKey === '' ? '' : sm2PublicKeyOf(hospitalKey),
    platformSm2PublicKey: platformPublic === '' ? '' : normalizeSm2PublicKey(platformPublic),
    platformSm2PrivateKey: platformPrivate,
    sm4Key: Buffer.from(sm4Key, 'hex'),
    tifPaasid: pick(config.YIBAO_TIF_PAASID, dev?.tifPaasid, 'YIBAO_TIF_PAASID', 'tif'),
    tifSecret: pick(config.YIBAO_TIF_SECRET, dev?.tifSecret, 'YIBAO_TIF_SECRET', 'tif')
  };
}

/** Field-encryption keys: FIELD_KEYS / FIELD_KEY_CURRENT / FIELD_KEY_BLIND_INDEX, or the development file. */
export function resolveFieldKeys(config: AppConfig): FieldKeys {
  const dev = config.FIELD_KEYS && config.FIELD_KEY_BLIND_INDEX ? undefined : devSecrets(config);
  const list = config.FIELD_KEYS ?? dev?.fieldKeys;
  const blindIndex = config.FIELD_KEY_BLIND_INDEX ?? dev?.fieldBlindIndexKey;
  if (!list) throw new SecretsMissingError('FIELD_KEYS must be set in production');
  if (!blindIndex || !/^[0-9a-fA-F]{64,128}$/.test(blindIndex)) {
    throw new SecretsMissingError('FIELD_KEY_BLIND_INDEX must be set to 64–128 hex digits');
  }
  const versions = parseFieldKeyList(list);
  return {
    versions,
    currentVersion: config.FIELD_KEY_CURRENT ?? Math.max(...versions.keys()),
    blindIndexKey: Buffer.from(blindIndex, 'hex')
  };
}
