/**
 * The Yibao platform simulator as a process: `tsx bin/yibao-sim.ts [--port 3100] [--auth csb+sm2]`.
 */
import { parseArgs } from 'node:util';
import { config } from '../runtime/config';
import { createLogger } from '../runtime/logger';
import { formatAuthModes, parseAuthModes } from '../yibao/gateway';
import { StateFileError, startYibaoSimulator, yibaoSimulatorOptionsFromConfig } from '../yibao/sim';

const settings = config();
const logger = createLogger('yibao-sim', settings.LOG_LEVEL);
const { values } = parseArgs({
  options: { port: { type: 'string' }, auth: { type: 'string' } },
  strict: true
});
const port = values.port === undefined ? settings.YIBAO_SIM_PORT : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port: ${values.port}`);
const auth = parseAuthModes(values.auth ?? settings.YIBAO_AUTH);

const options = yibaoSimulatorOptionsFromConfig(settings, auth);
const simulator = await startYibaoSimulator({
  ...options,
  onSaveError: error => logger.error({ err: error }, 'Yibao simulator state not saved'),
  port,
  host: '0.0.0.0'
}).catch((error: unknown) => {
  if (!(error instanceof StateFileError)) throw error;
  logger.fatal(error.message);
  process.exit(1);
});
logger.info(
  { port: simulator.port, auth: formatAuthModes(auth), state: options.stateFile ?? 'memory' },
  'Yibao simulator listening'
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void simulator.close().then(() => process.exit(0));
  });
}
