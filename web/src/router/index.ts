import { createRouter, createWebHistory, type Router } from 'vue-router';
import { useAuthStore } from '@/stores/auth';
import { allows, landingPath } from './access';
import { routes } from './routes';

export const systemName = '慢特病与双通道备案系统';

export function createConsoleRouter(): Router {
  const router = createRouter({ history: createWebHistory('/'), routes, scrollBehavior: () => ({ top: 0 }) });

  router.beforeEach(async to => {
    const auth = useAuthStore();
    if (to.meta.public) {
      if (to.name === 'login' && auth.token && !auth.restriction && (await auth.restore().catch(() => false)))
        return landingPath(auth.ability, routes);
      return true;
    }
    // The screen's code loads while the session is checked, not after.
    for (const record of to.matched) {
      const component = record.components?.default;
      if (typeof component === 'function') void (component as () => Promise<unknown>)();
    }
    const restored = await auth.restore().catch(() => false);
    if (!restored || auth.restriction) {
      return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
    }
    if (to.name === 'home') return landingPath(auth.ability, routes);
    // The same rule the API checks: a screen the user may not use is neither in the menu nor reachable.
    if (!allows(auth.ability, to.meta)) return { name: 'forbidden', query: { from: to.fullPath } };
    return true;
  });

  router.afterEach(to => {
    document.title = `${to.meta.title} · ${systemName}`;
  });
  return router;
}
