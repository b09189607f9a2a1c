/** Page addresses and the sign-in guard every page runs when shown. */
import type { ApplicationKind } from './logic/application-kinds';
import { platform } from './platform/platform';
import { useSessionStore } from './stores/session';

export const pages = {
  home: '/pages/index/index',
  login: '/pages/login/login',
  persons: '/pages/persons/index',
  addPerson: '/pages/persons/add',
  applications: '/pages/applications/index',
  application: (kind: ApplicationKind, id: string) => `/pages/applications/detail?kind=${kind}&id=${id}`,
  applyChronic: '/apply/chronic',
  applyDualChannel: '/apply/dual-channel',
  reviewBeforeSubmit: (kind: ApplicationKind) => `/apply/review?kind=${kind}`,
  doctorLogin: '/doctor/login',
  doctorQueue: '/doctor/queue',
  doctorReview: (kind: ApplicationKind, id: string) => `/doctor/review?kind=${kind}&id=${id}`,
  doctorAccount: '/doctor/account'
} as const;

/** True when a patient is signed in; otherwise sends the person to the sign-in page. */
export function requirePatient(): boolean {
  const session = useSessionStore();
  if (session.signedIn && session.isPatient) return true;
  platform().reLaunch(pages.login);
  return false;
}

export function requireDoctor(): boolean {
  const session = useSessionStore();
  if (session.signedIn && session.isDoctor) return true;
  platform().reLaunch(pages.doctorLogin);
  return false;
}

export { isApplicationKind } from './logic/application-kinds';
