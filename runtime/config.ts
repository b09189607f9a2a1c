import path from 'node:path';
import { z } from 'zod';

/** Where a value of the environment is a duration, it is written like `90s`, `15m`, `1h`, `30d`. */
const durationPattern = /^(\d+)(ms|s|m|h|d)$/;
const durationUnitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function parseDurationMs(text: string): number {
  const match = durationPattern.exec(text.trim());
  if (!match) throw new Error(`not a duration: ${text}`);
  return Number(match[1]) * durationUnitMs[match[2] as keyof typeof durationUnitMs];
}

const duration = z
  .string()
  .regex(durationPattern, 'expected a duration such as 30s, 15m, 1h or 30d')
  .transform(parseDurationMs);
const port = z.coerce.number().int().min(1).max(65535);
const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform(value => value === '1' || value === 'true' || value === 'yes');
const optionalText = z
  .string()
  .optional()
  .transform(value => (value === undefined || value.trim() === '' ? undefined : value.trim()));

const environmentSchema = z.object({
  APP_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('./data'),

  PORT: port.default(3000),
  /** Interface the API listens on; 0.0.0.0 in containers. */
  API_HOST: z.string().min(1).default('127.0.0.1'),
  /** Origins (comma-separated) whose browsers may call the API, e.g. the console's; unset = same origin only. */
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform(value =>
      (value ?? '')
        .split(',')
        .map(origin => origin.trim())
        .filter(Boolean)
    )
    .pipe(z.array(z.url({ protocol: /^https?$/ }))),
  YIBAO_SIM_PORT: port.default(3100),
  HIS_SIM_PORT: port.default(3200),

  DATABASE_URL: optionalText.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  EMBEDDED_PG_PORT: port.default(5433),
  /** Off for an embedded PGlite reached through DATABASE_URL (set by the start command for its processes). */
  DATABASE_PREPARED_STATEMENTS: flag.default(true),

  TEMPORAL_ADDRESS: optionalText,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_HEADLESS: flag.default(false),
  TEMPORAL_CLI_PATH: optionalText,
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('yibao-filing'),

  WORKER_HEARTBEAT_INTERVAL: duration.default(parseDurationMs('5s')),
  WORKER_STALE_AFTER: duration.default(parseDurationMs('20s')),

  // Application workflows (values at submission are kept by each workflow).
  REVIEW_REMINDER_AFTER: duration.default(parseDurationMs('48h')),
  FILING_RETRY_HORIZON: duration.default(parseDurationMs('24h')),
  FILING_POLL_INTERVAL: duration.default(parseDurationMs('1h')),
  FILING_DECISION_DEADLINE: duration.default(parseDurationMs('30d')),
  /** Where filings' review status is read: `query` (5301/5311 only) or `simulator`; unset = simulator when YIBAO_BASE_URL is unset. */
  YIBAO_STATUS_SOURCE: z.enum(['query', 'simulator']).optional(),

  // Hospital information system (doctors, visits).
  /** Default: the simulator on HIS_SIM_PORT. */
  HIS_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** Shared secret sent as X-HIS-Token; the simulator requires it when set. */
  HIS_TOKEN: optionalText,

  // Yibao platform. Unset keys are generated on first start into DATA_DIR/keys outside production.
  /** Default: the simulator on YIBAO_SIM_PORT. */
  YIBAO_BASE_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
  /** `csb`: POST {base}/CSB/hsa-fsi-{infno} (Jiangxi); `single`: POST {base}/fsi/api/rsfComIfsService/callService. */
  YIBAO_PATH_STYLE: z.enum(['csb', 'single']).default('csb'),
  /**
   * Gateway auth and body protection, joined with `+`: csb, sm2 (cainfo), sm4 (input/output), tif; or none.
   * Default `csb`: the CSB headers alone, as the only real Jiangxi client found signs (empty cainfo/signtype).
   */
  YIBAO_AUTH: z
    .string()
    .regex(/^(none|(csb|sm2|sm4|tif)(\+(csb|sm2|sm4|tif))*)$/, 'expected none or csb/sm2/sm4/tif joined with +')
    .default('csb'),
  YIBAO_FIXMEDINS_CODE: z
    .string()
    .regex(/^[A-Z0-9]{12}$/, 'expected the 12-character 定点医药机构编号')
    .default('H36010200015'),
  YIBAO_FIXMEDINS_NAME: z.string().min(1).default('江西中医药大学附属医院'),
  YIBAO_MDTRTAREA_ADMVS: z
    .string()
    .regex(/^\d{6}$/, 'expected a 6-digit 医保区划')
    .default('360100'),
  YIBAO_RECER_SYS_CODE: z.string().min(1).max(10).default('FSI_LOCAL'),
  YIBAO_INFVER: z.string().min(1).max(6).default('V1.0'),
  YIBAO_DEV_NO: optionalText,
  /** Operator used when a call names none (scheduled jobs). */
  YIBAO_OPTER: z.string().min(1).max(20).default('ybxt001'),
  YIBAO_OPTER_NAME: z.string().min(1).max(50).default('医保接口系统'),
  YIBAO_SIGN_IN_MAC: z.string().min(1).max(20).default('00-16-3E-00-00-01'),
  YIBAO_SIGN_IN_IP: z.string().min(1).max(20).default('127.0.0.1'),
  YIBAO_TIMEOUT: duration.default(parseDurationMs('10s')),
  YIBAO_CSB_API_VERSION: z.string().min(1).default('1.0.0'),
  YIBAO_CSB_ACCESS_KEY: optionalText,
  YIBAO_CSB_SECRET_KEY: optionalText,
  YIBAO_SM2_USER_ID: z.string().min(1).default('1234567812345678'),
  /** The hospital's SM2 private key (hex or Base64). */
  YIBAO_SM2_PRIVATE_KEY: optionalText,
  /** The platform's SM2 public key, to verify signed responses. */
  YIBAO_PLATFORM_SM2_PUBLIC_KEY: optionalText,
  /** 32 hex digits. */
  YIBAO_SM4_KEY: optionalText,
  YIBAO_TIF_PAASID: optionalText,
  YIBAO_TIF_SECRET: optionalText,
  /** Simulator: the bureau decides filings after this delay; unset = only by control call. */
  YIBAO_SIM_DECISION_DELAY: optionalText.pipe(duration.optional()),
  /** Simulator: state kept in DATA_DIR/yibao-sim/state.json (`file`) or in memory; unset = file in development. */
  YIBAO_SIM_STATE: z.enum(['file', 'memory']).optional(),
  // Simulator answers where the spec is silent (README: "Assumptions to confirm with the bureau").
  YIBAO_SIM_DUPLICATE_MSGID: z.enum(['refuse', 'accept']).default('refuse'),
  YIBAO_SIM_MSGID_WINDOW: duration.default(parseDurationMs('30m')),
  YIBAO_SIM_INSUPLC_CHECK: z.enum(['pooling-area', 'exact', 'off']).default('pooling-area'),
  YIBAO_SIM_ADMDVS_CODES: z.enum(['pooling', 'district']).default('pooling'),

  // Field encryption at rest: `1:<32 hex SM4>:<64 hex MAC>;2:…`, the version written now, the blind-index key.
  FIELD_KEYS: optionalText,
  FIELD_KEY_CURRENT: z.coerce.number().int().min(1).optional(),
  FIELD_KEY_BLIND_INDEX: optionalText,

  // Sign-in and sessions (api/auth; docs/security-decisions.md).
  /** Password of the seeded demo accounts; development falls back to a documented default, nothing else seeds. */
  DEMO_PASSWORD: optionalText,
  /** PBKDF2-HMAC-SM3 iterations of new password hashes (≈150 ms at the default). */
  PASSWORD_PBKDF2_ITERATIONS: z.coerce.number().int().min(10_000).default(150_000),
  /** TOTP second factor for admin and secadmin; unset = on everywhere except development. */
  ADMIN_TOTP_REQUIRED: flag.optional(),
  SESSION_STAFF_IDLE: duration.default(parseDurationMs('30m')),
  SESSION_PATIENT_IDLE: duration.default(parseDurationMs('2h')),
  SESSION_ABSOLUTE: duration.default(parseDurationMs('12h')),
  /** 等保 periodic change of staff passwords. */
  STAFF_PASSWORD_MAX_AGE: duration.default(parseDurationMs('90d')),
  /** Mini-program credentials for WeChat sign-in; required in production, the simulator answers elsewhere. */
  WECHAT_APP_ID: optionalText,
  WECHAT_APP_SECRET: optionalText,
  /** Dependants a patient account may link besides the holder. */
  PATIENT_MAX_DEPENDANTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Audit rows are kept this long; at least 180 days (网络安全法 Art. 21), 3 years by default (PIPL Art. 56). */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(180).default(1095)
});

export type AppConfig = z.infer<typeof environmentSchema> & {
  /** Absolute data directory. */
  dataDir: string;
  /** Temporal frontend address actually used: TEMPORAL_ADDRESS or the local dev server. */
  temporalAddress: string;
};

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment; throws a ConfigError that names each bad variable. */
export function parseConfig(environment: NodeJS.ProcessEnv): AppConfig {
  const result = environmentSchema.safeParse(environment);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map(issue => {
        const name = issue.path.join('.');
        return `${name}=${JSON.stringify(environment[name] ?? '')}: ${issue.message}`;
      })
    );
  }
  const values = result.data;
  return {
    ...values,
    dataDir: path.resolve(values.DATA_DIR),
    temporalAddress: values.TEMPORAL_ADDRESS ?? `127.0.0.1:${values.TEMPORAL_PORT}`
  };
}

let loaded: AppConfig | undefined;

/** The process's configuration, read and validated once; a bad value ends start-up with a message naming it. */
export function config(): AppConfig {
  if (loaded) return loaded;
  try {
    loaded = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  return loaded;
}
