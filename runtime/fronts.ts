/**
 * The browser fronts the API process serves, declared once: the static middleware (api/static-fronts.ts)
 * mounts each at its path, and `npm start` rebuilds each whose sources changed (runtime/front-builds.ts).
 * Adding a front is one entry here.
 */
export interface Front {
  name: string;
  /** What `npm start` prints beside the URL. */
  title: string;
  /** URL prefix, ending in `/`. The most specific prefix wins, so `/` can be the console's. */
  mountPath: string;
  /** Folder of the front's own sources, relative to the project root. */
  sourceDir: string;
  /** Files and folders whose content decides whether the build is stale (node_modules and dist are skipped). */
  inputs: string[];
  /** The built files, relative to the project root; served only when `index.html` is there. */
  distDir: string;
  /** How the front is built, from `cwd` (relative to the project root). */
  build: { cwd: string; command: string; args: string[] };
  /**
   * A path that must exist before `npm start` tries the build: a front with its own package and lockfile is
   * built only once its dependencies are installed; otherwise whatever was built before is served as it is.
   */
  installedWhen?: string;
}

export const fronts: readonly Front[] = [
  {
    name: 'miniapp-h5',
    title: '患者端（小程序 H5 版）',
    mountPath: '/m/',
    sourceDir: 'miniapp',
    inputs: ['miniapp/src', 'miniapp/package.json', 'miniapp/vite.config.ts', 'miniapp/index.html', 'domain'],
    distDir: 'miniapp/dist/build/h5',
    build: { cwd: 'miniapp', command: 'npm', args: ['run', 'build:h5'] },
    installedWhen: 'miniapp/node_modules'
  },
  {
    name: 'console',
    title: '管理后台',
    mountPath: '/',
    sourceDir: 'web',
    inputs: ['web/src', 'web/index.html', 'web/public', 'web/vite.config.ts', 'web/package.json', 'domain'],
    distDir: 'web/dist',
    build: { cwd: 'web', command: 'npm', args: ['run', 'build'] }
  }
];

/** The front serving a URL path: the longest mount path that is a prefix of it. */
export function frontFor(path: string, list: readonly Front[] = fronts): Front | undefined {
  return [...list]
    .sort((a, b) => b.mountPath.length - a.mountPath.length)
    .find(front => path === front.mountPath.slice(0, -1) || path.startsWith(front.mountPath));
}
