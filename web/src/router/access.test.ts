import { describe, expect, it } from 'vitest';
import { defineAbilityFor, type Role, type SessionUser } from '@domain/abilities';
import { allows, landingPath, menuFor } from './access';
import { routes } from './routes';

const user = (roles: Role[], extra: Partial<SessionUser> = {}): SessionUser => ({
  accountId: 'a',
  kind: 'staff',
  roles,
  displayName: 'x',
  dualChannelReviewer: false,
  ...extra
});
const menu = (who: SessionUser) => menuFor(defineAbilityFor(who), routes).map(entry => entry.path);
const meta = (path: string) => routes.find(route => route.path === path)!.meta!;

describe('menus and landing pages from the same rules as the API', () => {
  it('lands each role on its own first screen', () => {
    expect(landingPath(defineAbilityFor(user(['admin'])), routes)).toBe('/dashboard');
    expect(landingPath(defineAbilityFor(user(['doctor'], { department: '内分泌科' })), routes)).toBe('/reviews');
    expect(landingPath(defineAbilityFor(user(['auditor'])), routes)).toBe('/interface-logs');
    expect(landingPath(defineAbilityFor(user(['secadmin'])), routes)).toBe('/accounts');
  });

  it('shows an admin no review, account or audit screen (separation of duties)', () => {
    const admin = menu(user(['admin']));
    expect(admin).toEqual(
      expect.arrayContaining([
        '/dashboard',
        '/applications/chronic',
        '/applications/dual-channel',
        '/interface-logs',
        '/yibao-sign-in',
        '/doctors'
      ])
    );
    expect(admin).not.toContain('/reviews');
    expect(admin).not.toContain('/accounts');
    expect(admin).not.toContain('/audit-logs');
  });

  it('shows an auditor the logs and the minors report but no application', () => {
    const auditor = menu(user(['auditor']));
    expect(auditor).toEqual(['/interface-logs', '/minor-access', '/audit-logs']);
    expect(allows(defineAbilityFor(user(['auditor'])), meta('/applications/chronic/:id'))).toBe(false);
  });

  it('lets a doctor reach the reviews and the lists but not the dashboard or the interface log', () => {
    const doctor = defineAbilityFor(user(['doctor'], { department: '心血管内科' }));
    expect(menu(user(['doctor'], { department: '心血管内科' }))).toEqual([
      '/reviews',
      '/applications/chronic',
      '/applications/dual-channel'
    ]);
    expect(allows(doctor, meta('/dashboard'))).toBe(false);
    expect(allows(doctor, meta('/interface-logs'))).toBe(false);
  });

  it('keeps every screen without a menu slot reachable only through its own rule', () => {
    const signedOut = defineAbilityFor(undefined);
    for (const route of routes.filter(candidate => candidate.meta?.can))
      expect(allows(signedOut, route.meta!), route.path).toBe(false);
  });
});
