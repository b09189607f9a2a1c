/**
 * The Yibao platform simulator as a process: `tsx bin/yibao-sim.ts [--port 3100] [--auth csb+sm2]`.
 */
import { parseArgs } from 'node:util';
import { config } from '../runtime/config';
import { createLogger } from '../runtime/logger';
import { formatAuthModes, parseAuthModes } from '../yibao/gateway';
import { startYibaoSimulator, yibaoSimulatorOptionsFromConfig } from '../yibao/sim';

const settings = config({ appEnv: 'development' });
const logger = createLogger('yibao-sim', settings.LOG_LEVEL, undefined, settings.logFormat);
const { values } = parseArgs({
  options: { port: { type: 'string' }, auth: { type: 'string' } },
  strict: true
});
const port = values.port === undefined ? settings.YIBAO_SIM_PORT : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port: ${values.port}`);
const auth = parseAuthModes(values.auth ?? settings.YIBAO_AUTH);

const simulator = await startYibaoSimulator({
  ...yibaoSimulatorOptionsFromConfig(settings, auth),
  port,
  host: '0.0.0.0'
});
logger.info({ port: simulator.port, auth: formatAuthModes(auth) }, 'Yibao simulator listening');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void simulator.close().then(() => process.exit(0));
  });
}
