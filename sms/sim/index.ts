/** The SMS provider simulators as HTTP servers, for tests and a staging deployment without a real provider. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createAliyunSmsSimulator, type AliyunSmsSimulatorOptions } from './aliyun-sms-simulator';
import type { SmsSimulatorState } from './sms-simulator-state';
import { createTencentSmsSimulator, type TencentSmsSimulatorOptions } from './tencent-sms-simulator';

export { createAliyunSmsSimulator, type AliyunSmsSimulatorOptions } from './aliyun-sms-simulator';
export { createTencentSmsSimulator, type TencentSmsSimulatorOptions } from './tencent-sms-simulator';
export { SmsSimulatorState, type SentSms } from './sms-simulator-state';

export type SmsSimulatorOptions =
  ({ provider: 'aliyun' } & AliyunSmsSimulatorOptions) | ({ provider: 'tencent' } & TencentSmsSimulatorOptions);

export interface RunningSmsSimulator {
  /** `http://127.0.0.1:{port}`: the SMS_ENDPOINT that reaches it. */
  url: string;
  state: SmsSimulatorState;
  close: () => Promise<void>;
}

export async function startSmsSimulator(
  options: SmsSimulatorOptions & { port?: number; host?: string }
): Promise<RunningSmsSimulator> {
  const simulator: { app: Express; state: SmsSimulatorState } =
    options.provider === 'aliyun' ? createAliyunSmsSimulator(options) : createTencentSmsSimulator(options);
  const server = http.createServer(simulator.app);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    state: simulator.state,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    }
  };
}
