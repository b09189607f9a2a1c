/**
 * The browser fronts the API process serves, declared once: the static middleware (api/static-fronts.ts)
 * mounts each at its path with its own content security policy, and `npm start` rebuilds each whose sources
 * changed (runtime/front-builds.ts). Adding a front is one entry here.
 */
export interface Front {
  name: string;
  /** What `npm start` prints beside the URL, and what a browser is told before the first build. */
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
  /** The Content-Security-Policy header of its pages (see `policyWith`). */
  contentSecurityPolicy: string;
}

type Directives = Record<string, string[]>;

/**
 * helmet's default policy, tightened (no inline scripts, no plugins, no foreign frames or form targets);
 * inline styles stay allowed for the component libraries' runtime styles. A front adds what it needs.
 */
const basePolicy: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"]
};

/** The base policy with a front's additions (sources appended) and overrides (`replace`), as a header value. */
export function policyWith(add: Directives = {}, replace: Directives = {}): string {
  const directives: Directives = { ...basePolicy };
  for (const [name, sources] of Object.entries(add)) directives[name] = [...(directives[name] ?? []), ...sources];
  Object.assign(directives, replace);
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

export const fronts: readonly Front[] = [
  {
    name: 'miniapp-h5',
    title: '患者端（小程序 H5 版）',
    mountPath: '/m/',
    sourceDir: 'miniapp',
    inputs: [
      'miniapp/src',
      'miniapp/index.html',
      'miniapp/vite.config.ts',
      'miniapp/tsconfig.json',
      'miniapp/package.json',
      'miniapp/package-lock.json',
      // The mini-program imports the server's schemas and labels.
      'domain'
    ],
    distDir: 'miniapp/dist/build/h5',
    build: { cwd: 'miniapp', command: 'npm', args: ['run', 'build:h5'] },
    installedWhen: 'miniapp/node_modules',
    // Photos picked on the phone are previewed from blob: URLs before they are uploaded. The built
    // index.html loads only its own script and styles from /m/assets (no inline script).
    contentSecurityPolicy: policyWith({ 'img-src': ['blob:'] })
  },
  {
    name: 'console',
    title: '管理后台',
    mountPath: '/',
    sourceDir: 'web',
    inputs: ['web/src', 'web/index.html', 'web/public', 'web/vite.config.ts', 'web/package.json', 'domain'],
    distDir: 'web/dist',
    build: { cwd: 'web', command: 'npm', args: ['run', 'build'] },
    // Attachments and e-forms are fetched with the token and previewed from blob: URLs (images, PDF frames).
    contentSecurityPolicy: policyWith(
      { 'img-src': ['blob:'], 'frame-src': ["'self'", 'blob:'] },
      { 'frame-ancestors': ["'self'"] }
    )
  }
];

/** The front serving a URL path: the longest mount path that is a prefix of it. */
export function frontFor(path: string, list: readonly Front[] = fronts): Front | undefined {
  return [...list]
    .sort((a, b) => b.mountPath.length - a.mountPath.length)
    .find(front => path === front.mountPath.slice(0, -1) || path.startsWith(front.mountPath));
}

export function frontNamed(name: string): Front {
  const front = fronts.find(candidate => candidate.name === name);
  if (!front) throw new Error(`no front named ${name}`);
  return front;
}
