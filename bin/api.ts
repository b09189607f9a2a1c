/** The HTTP API for the mini-program and the admin console. */
import { config } from '../runtime/config';
import { createApiRuntime } from '../runtime/api-runtime';
import { openCoreServices } from '../runtime/services';
import { onShutdown } from '../runtime/shutdown';

const cfg = config();
const core = await openCoreServices(cfg, 'api');
const runtime = await createApiRuntime(core);
const server = runtime.app.listen(cfg.PORT, cfg.API_HOST, () => {
  core.logger.info({ port: cfg.PORT, host: cfg.API_HOST }, 'API listening');
});
onShutdown(async () => {
  runtime.closeStreams();
  await new Promise<void>(resolve => server.close(() => resolve()));
  await runtime.close();
  await core.close();
});
