/** Prints the Temporal CLI this machine will use, building it with Go into .cache/ if needed. */
import { resolveTemporalCli } from '../runtime/temporal-cli';

const source = await resolveTemporalCli({ cliPath: process.env.TEMPORAL_CLI_PATH });
console.log(source.kind === 'path' ? `${source.origin}: ${source.path}` : 'the Temporal SDK will download the CLI');
