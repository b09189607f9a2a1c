import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeProductionEnvironment } from '../test/support/production-environment';
import { ConfigError, parseConfig } from './config';

const production = completeProductionEnvironment;

function problems(environment: Record<string, string>): string[] {
  try {
    parseConfig(environment);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

describe('the configuration', () => {
  it('means production when APP_ENV is unset, unless the entry point is a development tool', () => {
    expect(parseConfig(production).APP_ENV).toBe('production');
    expect(parseConfig({}, { appEnv: 'development' }).APP_ENV).toBe('development');
    expect(parseConfig({ APP_ENV: 'test' }, { appEnv: 'development' }).APP_ENV).toBe('test');
  });

  it('logs readable lines in development and JSON elsewhere unless LOG_FORMAT says otherwise', () => {
    expect(parseConfig({}, { appEnv: 'development' }).logFormat).toBe('pretty');
    expect(parseConfig(production).logFormat).toBe('json');
    expect(parseConfig({ APP_ENV: 'test', LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });

  it('accepts a complete production environment, with the CSB keys alone for the default Yibao auth', () => {
    expect(problems(production)).toEqual([]);
  });

  it('names in production every secret the chosen Yibao auth and SMS provider need', () => {
    const { SMS_SIGN_NAME: _sign, ...rest } = production;
    expect(
      problems({
        ...rest,
        YIBAO_AUTH: 'csb+sm2+sm4',
        YIBAO_PLATFORM_SM2_PUBLIC_KEY: `04${'b'.repeat(128)}`,
        SMS_PROVIDER: 'tencent'
      })
    ).toEqual([
      'YIBAO_SM2_PRIVATE_KEY: unset — required by YIBAO_AUTH sm2',
      'YIBAO_SM4_KEY: unset — required by YIBAO_AUTH sm4',
      'SMS_SIGN_NAME: unset — required by SMS_PROVIDER tencent',
      'SMS_SDK_APP_ID: unset — required by SMS_PROVIDER tencent'
    ]);
    expect(problems({ ...production, SMS_PROVIDER: 'outbox' })).toEqual([
      'SMS_PROVIDER: outbox — the development outbox sends nothing; choose aliyun or tencent'
    ]);
  });

  it('refuses in production a key found in the development key files, or one the generator made', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-keys-'));
    try {
      fs.mkdirSync(path.join(dataDir, 'keys'));
      fs.writeFileSync(
        path.join(dataDir, 'keys', 'yibao-dev.json'),
        JSON.stringify({ sm4Key: '0123456789abcdef0123456789abcdef' })
      );
      expect(
        problems({
          ...production,
          DATA_DIR: dataDir,
          YIBAO_AUTH: 'csb+sm4',
          YIBAO_SM4_KEY: '0123456789abcdef0123456789abcdef',
          YIBAO_CSB_ACCESS_KEY: 'dev-1a2b3c4d5e6f7a8b'
        })
      ).toEqual([
        'YIBAO_CSB_ACCESS_KEY: a development key — generate the production key and keep it out of DATA_DIR/keys',
        'YIBAO_SM4_KEY: a development key — generate the production key and keep it out of DATA_DIR/keys'
      ]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('lets development and tests fall back to the simulators and generated keys', () => {
    expect(problems({ APP_ENV: 'test' })).toEqual([]);
    expect(problems({ APP_ENV: 'development', YIBAO_STATUS_SOURCE: 'simulator' })).toEqual([]);
  });
});
