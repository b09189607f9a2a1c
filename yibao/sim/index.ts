import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { AppConfig } from '../../runtime/config';
import { initGm } from '../../crypto/gm';
import { parseAuthModes, type AuthMode } from '../gateway';
import { resolveYibaoSecrets } from '../secrets';
import { createYibaoSimulator, type YibaoSimulatorOptions } from './app';
import type { SimulatorState } from './state';

export { createYibaoSimulator, type YibaoSimulatorOptions } from './app';
export { StateFileError, type SimulatorState } from './state';

export interface RunningYibaoSimulator {
  /** `http://127.0.0.1:{port}` */
  url: string;
  port: number;
  state: SimulatorState;
  close: () => Promise<void>;
}

/** Starts the simulator in this process; port 0 picks a free one. */
export async function startYibaoSimulator(
  options: YibaoSimulatorOptions & { port: number; host?: string }
): Promise<RunningYibaoSimulator> {
  await initGm();
  const simulator = createYibaoSimulator(options);
  const server = http.createServer(simulator.app);
  server.keepAliveTimeout = 65_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    state: simulator.state,
    close: async () => {
      simulator.close();
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    }
  };
}

/** Where the simulator keeps its state when YIBAO_SIM_STATE is `file` (the default in development). */
export function yibaoSimulatorStateFile(config: AppConfig): string | undefined {
  const kept = config.YIBAO_SIM_STATE ?? (config.APP_ENV === 'development' ? 'file' : 'memory');
  return kept === 'file' ? path.join(config.dataDir, 'yibao-sim', 'state.json') : undefined;
}

/**
 * Simulator options matching a development client: the same key file, the hospital's public key, the
 * platform's private key. `auth` overrides YIBAO_AUTH (the bin's --auth flag).
 */
export function yibaoSimulatorOptionsFromConfig(
  config: AppConfig,
  auth?: ReadonlySet<AuthMode>
): YibaoSimulatorOptions {
  const secrets = resolveYibaoSecrets(config);
  if (!secrets.platformSm2PrivateKey) throw new Error('the simulator runs only outside production');
  return {
    auth: auth ?? parseAuthModes(config.YIBAO_AUTH),
    fixmedinsCode: config.YIBAO_FIXMEDINS_CODE,
    csb: { accessKey: secrets.csbAccessKey, secretKey: secrets.csbSecretKey },
    tif: { paasid: secrets.tifPaasid, secret: secrets.tifSecret },
    sm2: {
      platformPrivateKey: secrets.platformSm2PrivateKey,
      hospitalPublicKey: secrets.hospitalSm2PublicKey,
      userId: config.YIBAO_SM2_USER_ID
    },
    sm4Key: secrets.sm4Key,
    decisionDelayMs: config.YIBAO_SIM_DECISION_DELAY,
    admdvs: config.YIBAO_MDTRTAREA_ADMVS,
    stateFile: yibaoSimulatorStateFile(config),
    assumptions: {
      duplicateMsgid: config.YIBAO_SIM_DUPLICATE_MSGID,
      msgidWindowMs: config.YIBAO_SIM_MSGID_WINDOW,
      insuplcCheck: config.YIBAO_SIM_INSUPLC_CHECK,
      admdvsCodes: config.YIBAO_SIM_ADMDVS_CODES
    }
  };
}
