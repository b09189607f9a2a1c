/** The HIS simulator as its own process: `npm run his-sim -- --port 3200`. */
import { parseArgs } from 'node:util';
import { startHisSimulator } from '../his/sim/his-simulator';
import { config } from '../runtime/config';
import { createLogger } from '../runtime/logger';

const settings = config({ appEnv: 'development' });
const logger = createLogger('his-sim', settings.LOG_LEVEL, undefined, settings.logFormat);
const { values } = parseArgs({ options: { port: { type: 'string' } } });
const port = values.port === undefined ? settings.HIS_SIM_PORT : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port: not a port number: ${values.port}`);
  process.exit(64);
}

const simulator = await startHisSimulator({ port, token: settings.HIS_TOKEN });
logger.info({ url: simulator.url, tokenRequired: settings.HIS_TOKEN !== undefined }, 'HIS simulator listening');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void simulator.close().then(() => process.exit(0));
  });
}
