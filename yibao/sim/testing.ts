/**
 * A client wired to a fresh in-process simulator with throw-away keys, for tests and benchmarks.
 */
import crypto from 'node:crypto';
import type { DatabaseHandle } from '../../db/connection';
import { FieldCrypto } from '../../crypto/field-encryption';
import { generateSm2KeyPair, defaultSm2UserId } from '../../crypto/gm';
import { YibaoClient, type YibaoClientOptions } from '../client';
import { parseAuthModes } from '../gateway';
import { startYibaoSimulator, type RunningYibaoSimulator, type YibaoSimulatorOptions } from './index';

export const testFixmedinsCode = 'H36010200015';

export function testFieldCrypto(): FieldCrypto {
  return new FieldCrypto({
    currentVersion: 1,
    versions: new Map([[1, { encryptionKey: crypto.randomBytes(16), macKey: crypto.randomBytes(32) }]]),
    blindIndexKey: crypto.randomBytes(32)
  });
}

export interface YibaoPair {
  simulator: RunningYibaoSimulator;
  client: YibaoClient;
  clientOptions: YibaoClientOptions;
  simulatorOptions: YibaoSimulatorOptions;
  close: () => Promise<void>;
}

export async function startYibaoPair(
  database: Pick<DatabaseHandle, 'db' | 'sql'>,
  auth: string,
  overrides: { client?: Partial<YibaoClientOptions>; simulator?: Partial<YibaoSimulatorOptions> } = {}
): Promise<YibaoPair> {
  const modes = parseAuthModes(auth);
  const hospital = generateSm2KeyPair();
  const platform = generateSm2KeyPair();
  const csb = {
    accessKey: `ak-${crypto.randomBytes(4).toString('hex')}`,
    secretKey: crypto.randomBytes(16).toString('hex')
  };
  const tif = { paasid: 'jxutcm_test', secret: crypto.randomBytes(16).toString('hex') };
  const sm4Key = crypto.randomBytes(16);
  const simulatorOptions: YibaoSimulatorOptions = {
    auth: modes,
    fixmedinsCode: testFixmedinsCode,
    csb,
    tif,
    sm2: { platformPrivateKey: platform.privateKey, hospitalPublicKey: hospital.publicKey, userId: defaultSm2UserId },
    sm4Key,
    ...overrides.simulator
  };
  const simulator = await startYibaoSimulator({ ...simulatorOptions, port: 0 });
  const clientOptions: YibaoClientOptions = {
    baseUrl: simulator.url,
    pathStyle: 'csb',
    auth: modes,
    envelope: {
      fixmedinsCode: testFixmedinsCode,
      fixmedinsName: '江西中医药大学附属医院',
      mdtrtareaAdmvs: '360100',
      recerSysCode: 'FSI_LOCAL',
      infver: 'V1.0'
    },
    defaultOperator: { opter: `op${crypto.randomBytes(4).toString('hex')}`, opterName: '李医保', opterType: '1' },
    signInTerminal: { mac: '00-16-3E-00-00-01', ip: '10.36.1.20' },
    timeoutMs: 5_000,
    csb: { ...csb, apiVersion: '1.0.0' },
    tif,
    sm2: { privateKey: hospital.privateKey, platformPublicKey: platform.publicKey, userId: defaultSm2UserId },
    sm4Key,
    database,
    fieldCrypto: testFieldCrypto(),
    ...overrides.client
  };
  const client = await YibaoClient.create(clientOptions);
  return {
    simulator,
    client,
    clientOptions,
    simulatorOptions,
    close: async () => {
      await client.close();
      await simulator.close();
    }
  };
}
