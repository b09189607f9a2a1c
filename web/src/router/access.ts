import type { RouteMeta, RouteRecordRaw } from 'vue-router';
import type { AppAbility } from '@domain/abilities';
import type { MenuGroup } from './routes';

/** Whether the ability passes the screen's rule (a screen without a rule is open to every signed-in user). */
export function allows(ability: AppAbility, meta: Pick<RouteMeta, 'can'>): boolean {
  return !meta.can || meta.can.some(([action, subject]) => ability.can(action, subject));
}

export interface MenuEntry {
  path: string;
  title: string;
  group: MenuGroup;
  order: number;
  icon: NonNullable<RouteMeta['menu']>['icon'];
}

/** The side menu for this ability: the routes with a menu slot the user may open, in order. */
export function menuFor(ability: AppAbility, routes: readonly RouteRecordRaw[]): MenuEntry[] {
  return routes
    .filter(route => route.meta?.menu && allows(ability, route.meta))
    .map(route => ({
      path: route.path,
      title: route.meta!.title,
      group: route.meta!.menu!.group,
      order: route.meta!.menu!.order,
      icon: route.meta!.menu!.icon
    }))
    .sort((a, b) => a.order - b.order);
}

/** Where a user lands after signing in: the first screen of their menu. */
export function landingPath(ability: AppAbility, routes: readonly RouteRecordRaw[]): string {
  return menuFor(ability, routes)[0]?.path ?? '/forbidden';
}
