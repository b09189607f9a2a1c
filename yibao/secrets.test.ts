import { beforeAll, describe, expect, it } from 'vitest';
import { initGm } from '../crypto/gm';
import { ConfigError, parseConfig } from '../runtime/config';
import { completeProductionEnvironment as production } from '../test/support/production-environment';
import { parseAuthModes } from './gateway';
import { SecretsMissingError, resolveYibaoSecrets } from './secrets';

beforeAll(async () => {
  await initGm();
});

describe('Yibao secrets in production', () => {
  it('start with the CSB keys alone in the default mode: no SM2 or SM4 key is asked for', () => {
    const config = parseConfig(production);
    expect([...parseAuthModes(config.YIBAO_AUTH)]).toEqual(['csb']);
    const secrets = resolveYibaoSecrets(config);
    expect(secrets).toMatchObject({ csbAccessKey: 'ak-prod', csbSecretKey: 'sk-prod', hospitalSm2PrivateKey: '' });
    expect(secrets.sm4Key).toHaveLength(0);
  });

  it('still name the key a configured mode needs, at start-up and where the keys are read', () => {
    expect(() => parseConfig({ ...production, YIBAO_AUTH: 'csb+sm2' })).toThrow(
      new ConfigError([
        'YIBAO_SM2_PRIVATE_KEY: unset — required by YIBAO_AUTH sm2',
        'YIBAO_PLATFORM_SM2_PUBLIC_KEY: unset — required by YIBAO_AUTH sm2'
      ])
    );
    const config = parseConfig(production);
    expect(() => resolveYibaoSecrets({ ...config, YIBAO_AUTH: 'csb+sm2' })).toThrow(
      new SecretsMissingError('YIBAO_SM2_PRIVATE_KEY must be set for YIBAO_AUTH sm2')
    );
    expect(() => resolveYibaoSecrets({ ...config, YIBAO_CSB_ACCESS_KEY: undefined })).toThrow(
      'YIBAO_CSB_ACCESS_KEY must be set for YIBAO_AUTH csb'
    );
  });
});
