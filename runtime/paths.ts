import { fileURLToPath } from 'node:url';

/** The project's root folder, whatever the working directory of the process. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));
