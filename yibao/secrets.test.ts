import { beforeAll, describe, expect, it } from 'vitest';
import { initGm } from '../crypto/gm';
import { parseConfig } from '../runtime/config';
import { parseAuthModes } from './gateway';
import { SecretsMissingError, resolveYibaoSecrets } from './secrets';

beforeAll(async () => {
  await initGm();
});

describe('Yibao secrets in production', () => {
  const production = {
    APP_ENV: 'production',
    DATA_DIR: '/nonexistent',
    YIBAO_CSB_ACCESS_KEY: 'ak',
    YIBAO_CSB_SECRET_KEY: 'sk'
  };

  it('start with the CSB keys alone in the default mode: no SM2 or SM4 key is asked for', () => {
    const config = parseConfig(production);
    expect([...parseAuthModes(config.YIBAO_AUTH)]).toEqual(['csb']);
    const secrets = resolveYibaoSecrets(config);
    expect(secrets).toMatchObject({ csbAccessKey: 'ak', csbSecretKey: 'sk', hospitalSm2PrivateKey: '' });
    expect(secrets.sm4Key).toHaveLength(0);
  });

  it('still name the key a configured mode needs', () => {
    expect(() => resolveYibaoSecrets(parseConfig({ ...production, YIBAO_AUTH: 'csb+sm2' }))).toThrow(
      new SecretsMissingError('YIBAO_SM2_PRIVATE_KEY must be set for YIBAO_AUTH sm2')
    );
    expect(() => resolveYibaoSecrets(parseConfig({ APP_ENV: 'production', DATA_DIR: '/nonexistent' }))).toThrow(
      'YIBAO_CSB_ACCESS_KEY must be set for YIBAO_AUTH csb'
    );
  });
});
