/**
 * What production refuses to start with, beyond a malformed value: every setting that would quietly fall
 * back to a local simulator, the embedded database, a placeholder, a development key, or leave a secret
 * unset. All problems are reported together, so one failed start names everything to fix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defaultAuthModes, parseAuthModes, type AuthMode } from '../yibao/gateway';

/** The 定点医药机构编号 the code ships with: a placeholder for the bureau's value. */
export const placeholderFixmedinsCode = 'H36010200015';

/** Outside systems whose unset address means "the simulator (or embedded server) on this machine". */
const requiredAddresses: Record<string, string> = {
  DATABASE_URL: 'the hospital PostgreSQL (unset = the embedded development database)',
  TEMPORAL_ADDRESS: 'the Temporal cluster (unset = a development server on this machine)',
  YIBAO_BASE_URL: 'the Yibao platform gateway (unset = the local simulator)',
  HIS_BASE_URL: 'the HIS (unset = the local simulator)'
};

/** Secrets each YIBAO_AUTH mode needs (what yibao/secrets.ts asks for). */
const yibaoSecretsByMode: Record<AuthMode, string[]> = {
  csb: ['YIBAO_CSB_ACCESS_KEY', 'YIBAO_CSB_SECRET_KEY'],
  sm2: ['YIBAO_SM2_PRIVATE_KEY', 'YIBAO_PLATFORM_SM2_PUBLIC_KEY'],
  sm4: ['YIBAO_SM4_KEY'],
  tif: ['YIBAO_TIF_PAASID', 'YIBAO_TIF_SECRET']
};

const alwaysRequiredSecrets: Record<string, string> = {
  FIELD_KEYS: 'field encryption keys of the personal data at rest',
  FIELD_KEY_BLIND_INDEX: 'the blind-index key of encrypted search fields',
  HIS_TOKEN: 'the shared secret the HIS expects',
  WECHAT_APP_ID: 'the mini-program AppID (WeChat sign-in and subscribe messages)',
  WECHAT_APP_SECRET: 'the mini-program AppSecret'
};

const smsSecretsByProvider: Record<string, string[]> = {
  aliyun: ['SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME', 'SMS_TEMPLATE_CODE'],
  tencent: ['SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME', 'SMS_TEMPLATE_CODE', 'SMS_SDK_APP_ID']
};

/** Variables whose value is a key: none may be one that development generated. */
const keyVariables = [
  'YIBAO_CSB_ACCESS_KEY',
  'YIBAO_CSB_SECRET_KEY',
  'YIBAO_SM2_PRIVATE_KEY',
  'YIBAO_PLATFORM_SM2_PUBLIC_KEY',
  'YIBAO_SM4_KEY',
  'YIBAO_TIF_PAASID',
  'YIBAO_TIF_SECRET',
  'FIELD_KEYS',
  'FIELD_KEY_BLIND_INDEX'
];

/** The modes YIBAO_AUTH names (its default when unset); a malformed value is reported by the schema. */
function yibaoAuthModes(environment: NodeJS.ProcessEnv): ReadonlySet<AuthMode> {
  try {
    return parseAuthModes(set(environment, 'YIBAO_AUTH') ?? defaultAuthModes);
  } catch {
    return new Set();
  }
}

function set(environment: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = environment[name]?.trim();
  return value ? value : undefined;
}

/** Every string in the development key files under DATA_DIR/keys (crypto/dev-secrets), if any exist. */
function developmentKeyValues(dataDir: string): Set<string> {
  const values = new Set<string>();
  const folder = path.join(dataDir, 'keys');
  let files: string[];
  try {
    files = fs.readdirSync(folder).filter(file => file.endsWith('.json'));
  } catch {
    return values;
  }
  for (const file of files) {
    try {
      const parsed = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as Record<string, unknown>;
      for (const value of Object.values(parsed)) if (typeof value === 'string' && value.length >= 8) values.add(value);
    } catch {
      // Not a key file of ours.
    }
  }
  return values;
}

/** True for a value the development key generator makes (yibao/secrets.ts), wherever it was copied from. */
function looksGeneratedForDevelopment(name: string, value: string): boolean {
  return (
    (name === 'YIBAO_CSB_ACCESS_KEY' && value.startsWith('dev-')) ||
    (name === 'YIBAO_TIF_PAASID' && value === 'jxutcm_dev')
  );
}

/** One line per offending variable, `NAME: why`; empty when production may start. */
export function productionConfigProblems(environment: NodeJS.ProcessEnv, dataDir: string): string[] {
  const problems: string[] = [];
  for (const [name, what] of Object.entries(requiredAddresses)) {
    if (!set(environment, name)) problems.push(`${name}: unset — production needs ${what}`);
  }

  const fixmedinsCode = set(environment, 'YIBAO_FIXMEDINS_CODE');
  if (!fixmedinsCode || fixmedinsCode === placeholderFixmedinsCode) {
    problems.push(
      `YIBAO_FIXMEDINS_CODE: ${fixmedinsCode ? 'the placeholder' : 'unset (the placeholder)'} ${placeholderFixmedinsCode} — set the 定点医药机构编号 the bureau assigned`
    );
  }
  if (set(environment, 'YIBAO_STATUS_SOURCE') === 'simulator') {
    problems.push('YIBAO_STATUS_SOURCE: simulator — production reads the bureau through 5301/5311 (query)');
  }

  // Only the keys of the chosen modes: the default CSB headers alone need no SM2 or SM4 key.
  for (const mode of yibaoAuthModes(environment)) {
    for (const name of yibaoSecretsByMode[mode]) {
      if (!set(environment, name)) problems.push(`${name}: unset — required by YIBAO_AUTH ${mode}`);
    }
  }
  for (const [name, what] of Object.entries(alwaysRequiredSecrets)) {
    if (!set(environment, name)) problems.push(`${name}: unset — ${what}`);
  }

  const smsProvider = set(environment, 'SMS_PROVIDER');
  if (!smsProvider || smsProvider === 'outbox') {
    problems.push(
      `SMS_PROVIDER: ${smsProvider ?? 'unset'} — the development outbox sends nothing; choose aliyun or tencent`
    );
  } else {
    for (const name of smsSecretsByProvider[smsProvider] ?? []) {
      if (!set(environment, name)) problems.push(`${name}: unset — required by SMS_PROVIDER ${smsProvider}`);
    }
  }

  const developmentValues = developmentKeyValues(dataDir);
  for (const name of keyVariables) {
    const value = set(environment, name);
    if (value && (developmentValues.has(value) || looksGeneratedForDevelopment(name, value))) {
      problems.push(`${name}: a development key — generate the production key and keep it out of DATA_DIR/keys`);
    }
  }
  return problems;
}
