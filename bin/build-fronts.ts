/** Builds the browser fronts whose sources changed (as `npm start` does), e.g. for an image or a release. */
import { buildStaleFronts } from '../runtime/front-builds';

const only = process.argv.slice(2);
const { failed } = await buildStaleFronts(line => process.stdout.write(`${line}\n`), only.length ? { only } : {});
process.exit(failed.length ? 1 : 0);
