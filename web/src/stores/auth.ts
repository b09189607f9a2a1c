import { createMongoAbility } from '@casl/ability';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { defineAbilityFor, roles as knownRoles, type AppAbility, type Role, type SessionUser } from '@domain/abilities';
import {
  fetchChangePassword,
  fetchCurrentUser,
  fetchSignIn,
  fetchSignOut,
  type CurrentUser,
  type SignInResponse
} from '@/api/auth';
import { ApiRequestError, setAuthHooks } from '@/api/request';

const tokenKey = 'jx-console-token';
const usernameKey = 'jx-console-username';
const totpUsersKey = 'jx-console-totp-users';

/** The console's view of the user, with roles narrowed to the ones the rules know. */
export function toSessionUser(user: CurrentUser): SessionUser {
  return {
    ...user,
    roles: user.roles.filter((role): role is Role => (knownRoles as readonly string[]).includes(role))
  };
}

export type SignInStep = { kind: 'done' } | { kind: 'totp_enrollment' } | { kind: 'password_change' };

/**
 * Who is signed in, their session token (kept per browser tab, so closing the tab ends it here too) and the
 * CASL ability built by the same rules as the server's, which menus, routes and buttons ask.
 */
export const useAuthStore = defineStore('auth', () => {
  const token = ref<string | undefined>(sessionStorage.getItem(tokenKey) ?? undefined);
  /** As typed at sign-in: the password policy refuses a password containing it. */
  const username = ref<string>(sessionStorage.getItem(usernameKey) ?? '');
  const user = ref<SessionUser>();
  const restriction = ref<SignInResponse['restriction']>();
  /** Why the last session ended, for the sign-in page to say. */
  const endedReason = ref<string>();
  const ability = shallowRef<AppAbility>(createMongoAbility([]));

  const signedIn = computed(() => Boolean(token.value && user.value && !restriction.value));

  function setToken(next: string | undefined): void {
    token.value = next;
    if (next) sessionStorage.setItem(tokenKey, next);
    else sessionStorage.removeItem(tokenKey);
  }

  function setUser(next: SessionUser | undefined): void {
    user.value = next;
    ability.value.update(defineAbilityFor(next).rules);
  }

  function clear(reason?: string): void {
    setToken(undefined);
    setUser(undefined);
    sessionStorage.removeItem(usernameKey);
    restriction.value = undefined;
    endedReason.value = reason;
  }

  function accept(response: SignInResponse): SignInStep {
    setToken(response.token);
    setUser(toSessionUser(response.user));
    restriction.value = response.restriction;
    endedReason.value = undefined;
    return response.restriction ? { kind: response.restriction } : { kind: 'done' };
  }

  async function signIn(name: string, password: string, totp?: string): Promise<SignInStep> {
    const step = accept(await fetchSignIn({ username: name, password, ...(totp ? { totp } : {}) }));
    username.value = name.trim().toLowerCase();
    sessionStorage.setItem(usernameKey, username.value);
    if (totp) rememberTotpUser(name);
    return step;
  }

  /** Loads the user of a token kept from before a reload; false when the session is gone. */
  async function restore(): Promise<boolean> {
    if (!token.value) return false;
    if (user.value) return true;
    try {
      setUser(toSessionUser((await fetchCurrentUser()).user));
      return true;
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 401) {
        clear('登录已失效，请重新登录');
        return false;
      }
      throw error;
    }
  }

  async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    accept(await fetchChangePassword({ currentPassword, newPassword }));
  }

  async function signOut(reason?: string): Promise<void> {
    if (token.value) await fetchSignOut().catch(() => undefined);
    clear(reason);
  }

  function totpUsers(): string[] {
    try {
      const parsed: unknown = JSON.parse(localStorage.getItem(totpUsersKey) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((name): name is string => typeof name === 'string') : [];
    } catch {
      return [];
    }
  }

  /** Usernames that signed in with a second factor on this browser: the form asks for it at once next time. */
  function rememberTotpUser(typed: string): void {
    const name = typed.trim().toLowerCase();
    const known = totpUsers();
    if (!known.includes(name)) localStorage.setItem(totpUsersKey, JSON.stringify([...known, name].slice(-20)));
  }

  function usesTotp(typed: string): boolean {
    return totpUsers().includes(typed.trim().toLowerCase());
  }

  return {
    token,
    username,
    user,
    restriction,
    endedReason,
    ability,
    signedIn,
    signIn,
    restore,
    changePassword,
    signOut,
    clear,
    rememberTotpUser,
    usesTotp
  };
});

/** Connects the request wrapper to the store: the token, and what a 401 does. */
export function installAuthHooks(store: ReturnType<typeof useAuthStore>, onSignedOut: () => void): void {
  setAuthHooks({
    token: () => store.token,
    onUnauthorized: () => {
      if (!store.token) return;
      store.clear('登录已失效，请重新登录');
      onSignedOut();
    }
  });
}
