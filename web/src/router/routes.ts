import type { Component } from 'vue';
import type { RouteRecordRaw } from 'vue-router';
import {
  BarChartOutline,
  CheckmarkDoneOutline,
  FingerPrintOutline,
  PeopleOutline,
  PulseOutline,
  ReceiptOutline,
  ShieldCheckmarkOutline,
  WalletOutline
} from '@vicons/ionicons5';
import type { AbilityAction, AbilitySubject } from '@domain/abilities';
import { kindViews } from '@/kinds';

/** A CASL rule a screen needs, exactly as the API route behind it declares it. */
export type Permission = [AbilityAction, AbilitySubject];

export const menuGroups = ['工作', '申请管理', '医保接口', '系统管理', '审计与安全'] as const;
export type MenuGroup = (typeof menuGroups)[number];

declare module 'vue-router' {
  interface RouteMeta {
    title: string;
    /** Reachable without signing in. */
    public?: boolean;
    /** The user needs any one of these; the menu hides what the guard would refuse. */
    can?: Permission[];
    /** A side-menu entry: group, order within the menu (also the order of landing pages), icon. */
    menu?: { group: MenuGroup; order: number; icon: Component };
    /** The menu entry to highlight for a page that is not in the menu itself (a detail). */
    activeMenu?: string;
    /** Shown bare, without the console's frame. */
    bare?: boolean;
  }
}

/**
 * Every screen of the console is one entry here: path, page, title, the rule it needs and its menu slot.
 * The side menu, the landing page of each role and the route guard are all derived from this list.
 */
export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/login-page.vue'),
    meta: { title: '登录', public: true, bare: true }
  },
  {
    path: '/dashboard',
    name: 'dashboard',
    component: () => import('@/views/dashboard/dashboard-page.vue'),
    meta: { title: '工作台', can: [['read', 'Dashboard']], menu: { group: '工作', order: 10, icon: BarChartOutline } }
  },
  {
    path: '/reviews',
    name: 'reviews',
    component: () => import('@/views/reviews/review-workspace.vue'),
    meta: {
      title: '审核工作台',
      can: [['review', 'Application']],
      menu: { group: '工作', order: 20, icon: CheckmarkDoneOutline }
    }
  },
  // Each registered kind's list and detail (web/src/kinds/): `/applications/chronic`, `/applications/dual-channel` …
  ...kindViews().flatMap((kind, index): RouteRecordRaw[] => {
    const { id, label, pageSegment } = kind.definition;
    const listPath = `/applications/${pageSegment}`;
    return [
      {
        path: listPath,
        name: `${pageSegment}-applications`,
        component: () => import('@/views/applications/application-list.vue'),
        props: { kind: id },
        meta: {
          title: `${label}申请`,
          can: [['read', 'Application']],
          menu: { group: '申请管理', order: 30 + index, icon: kind.icon }
        }
      },
      {
        path: `${listPath}/:id`,
        name: `${pageSegment}-application`,
        component: () => import('@/views/applications/application-detail.vue'),
        props: route => ({ kind: id, id: route.params.id }),
        meta: { title: `${label}申请详情`, can: [['read', 'Application']], activeMenu: listPath }
      }
    ];
  }),
  {
    path: '/interface-logs',
    name: 'interface-logs',
    component: () => import('@/views/interface-logs/interface-log-page.vue'),
    meta: {
      title: '医保接口日志',
      can: [['read', 'InterfaceLog']],
      menu: { group: '医保接口', order: 50, icon: PulseOutline }
    }
  },
  {
    path: '/yibao-sign-in',
    name: 'yibao-sign-in',
    component: () => import('@/views/yibao-sign-in/yibao-sign-in-page.vue'),
    meta: {
      title: '医保签到',
      can: [['manage', 'YibaoSignIn']],
      menu: { group: '医保接口', order: 60, icon: FingerPrintOutline }
    }
  },
  {
    path: '/doctors',
    name: 'doctors',
    component: () => import('@/views/doctors/doctor-permissions.vue'),
    meta: {
      title: '医生双通道权限',
      can: [['manage', 'DoctorPermission']],
      menu: { group: '系统管理', order: 70, icon: WalletOutline }
    }
  },
  {
    path: '/accounts',
    name: 'accounts',
    component: () => import('@/views/accounts/account-page.vue'),
    meta: {
      title: '账号与角色',
      can: [['manage', 'UserAccount']],
      menu: { group: '系统管理', order: 80, icon: PeopleOutline }
    }
  },
  {
    path: '/minor-access',
    name: 'minor-access',
    component: () => import('@/views/minor-access/minor-access-page.vue'),
    meta: {
      title: '未成年人信息访问',
      can: [
        ['manage', 'MinorAccessGrant'],
        ['export', 'MinorAccessGrant']
      ],
      menu: { group: '审计与安全', order: 90, icon: ShieldCheckmarkOutline }
    }
  },
  {
    path: '/audit-logs',
    name: 'audit-logs',
    component: () => import('@/views/audit-logs/audit-log-page.vue'),
    meta: {
      title: '审计日志',
      can: [['read', 'AuditLog']],
      menu: { group: '审计与安全', order: 100, icon: ReceiptOutline }
    }
  },
  {
    path: '/forbidden',
    name: 'forbidden',
    component: () => import('@/views/errors/forbidden-page.vue'),
    meta: { title: '无权访问' }
  },
  { path: '/', name: 'home', component: () => import('@/views/errors/not-found-page.vue'), meta: { title: '首页' } },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/errors/not-found-page.vue'),
    meta: { title: '页面不存在' }
  }
];
