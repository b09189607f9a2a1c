import type { Logger } from 'pino';
import { FieldCrypto } from '../crypto/field-encryption';
import type { DatabaseHandle } from '../db/connection';
import type { YibaoClientOptions } from '../yibao/client';
import { parseAuthModes } from '../yibao/gateway';
import { resolveFieldKeys, resolveYibaoSecrets } from '../yibao/secrets';
import type { AppConfig } from './config';

/** Client options from the process configuration; secrets from the environment or the development key file. */
export function yibaoClientOptionsFromConfig(
  config: AppConfig,
  database: Pick<DatabaseHandle, 'db' | 'sql'>,
  logger?: Logger
): YibaoClientOptions {
  const secrets = resolveYibaoSecrets(config);
  return {
    baseUrl: config.YIBAO_BASE_URL ?? `http://127.0.0.1:${config.YIBAO_SIM_PORT}`,
    pathStyle: config.YIBAO_PATH_STYLE,
    auth: parseAuthModes(config.YIBAO_AUTH),
    envelope: {
      fixmedinsCode: config.YIBAO_FIXMEDINS_CODE,
      fixmedinsName: config.YIBAO_FIXMEDINS_NAME,
      mdtrtareaAdmvs: config.YIBAO_MDTRTAREA_ADMVS,
      recerSysCode: config.YIBAO_RECER_SYS_CODE,
      infver: config.YIBAO_INFVER,
      devNo: config.YIBAO_DEV_NO
    },
    defaultOperator: { opter: config.YIBAO_OPTER, opterName: config.YIBAO_OPTER_NAME, opterType: '1' },
    signInTerminal: { mac: config.YIBAO_SIGN_IN_MAC, ip: config.YIBAO_SIGN_IN_IP },
    timeoutMs: config.YIBAO_TIMEOUT,
    csb: { accessKey: secrets.csbAccessKey, secretKey: secrets.csbSecretKey, apiVersion: config.YIBAO_CSB_API_VERSION },
    tif: { paasid: secrets.tifPaasid, secret: secrets.tifSecret },
    sm2: secrets.hospitalSm2PrivateKey
      ? {
          privateKey: secrets.hospitalSm2PrivateKey,
          platformPublicKey: secrets.platformSm2PublicKey,
          userId: config.YIBAO_SM2_USER_ID
        }
      : undefined,
    sm4Key: secrets.sm4Key.length === 16 ? secrets.sm4Key : undefined,
    database,
    fieldCrypto: new FieldCrypto(resolveFieldKeys(config)),
    logger
  };
}
