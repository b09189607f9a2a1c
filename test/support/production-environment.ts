/**
 * A production environment that passes every start-up check (runtime/production-config.ts) with the default
 * Yibao auth (the CSB headers alone): each outside system's address, the bureau's institution code and
 * every secret, none of them a development key. APP_ENV is unset: production is what that means. Tests
 * take away or change what they check.
 */
export const completeProductionEnvironment: Readonly<Record<string, string>> = {
  DATA_DIR: '/nonexistent',
  DATABASE_URL: 'postgres://filing:secret@db:5432/filing',
  TEMPORAL_ADDRESS: 'temporal:7233',
  YIBAO_BASE_URL: 'http://10.36.0.1:8080',
  HIS_BASE_URL: 'http://his.hospital:8080',
  HIS_TOKEN: 'his-token',
  YIBAO_FIXMEDINS_CODE: 'H36010300042',
  YIBAO_CSB_ACCESS_KEY: 'ak-prod',
  YIBAO_CSB_SECRET_KEY: 'sk-prod',
  FIELD_KEYS: `1:${'c'.repeat(32)}:${'d'.repeat(64)}`,
  FIELD_KEY_BLIND_INDEX: 'e'.repeat(64),
  WECHAT_APP_ID: 'wx0000000000000001',
  WECHAT_APP_SECRET: 'f'.repeat(32),
  SMS_PROVIDER: 'aliyun',
  SMS_ACCESS_KEY_ID: 'LTAI5t',
  SMS_ACCESS_KEY_SECRET: 'secret',
  SMS_SIGN_NAME: '江西中医药大学附属医院',
  SMS_TEMPLATE_CODE: 'SMS_1'
};
