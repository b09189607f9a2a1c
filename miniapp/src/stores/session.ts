/** Who is signed in on this phone; kept in storage so reopening the app keeps the session. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { z } from 'zod';
import { sessionUserSchema, type SignInResponse } from '../../../domain/sign-in';
import { signOut as signOutOnServer } from '../api/auth';
import { setSessionToken, whenSignedOut } from '../api/session-token';
import { platform } from '../platform/platform';

const storageKey = 'session';
const storedSessionSchema = z.object({ token: z.string(), user: sessionUserSchema });
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const useSessionStore = defineStore('session', () => {
  const user = ref<SessionUser>();
  const token = ref<string>();

  const signedIn = computed(() => token.value !== undefined && user.value !== undefined);
  const isPatient = computed(() => user.value?.kind === 'patient');
  const isDoctor = computed(() => user.value?.roles.includes('doctor') === true);

  function forget(): void {
    user.value = undefined;
    token.value = undefined;
    setSessionToken(undefined);
    platform().storageRemove(storageKey);
  }

  function restore(): void {
    const text = platform().storageGet(storageKey);
    if (!text) return;
    try {
      const stored = storedSessionSchema.parse(JSON.parse(text));
      user.value = stored.user;
      token.value = stored.token;
      setSessionToken(stored.token);
    } catch {
      forget();
    }
  }

  function signedInWith(response: SignInResponse): void {
    user.value = response.user;
    token.value = response.token;
    setSessionToken(response.token);
    platform().storageSet(storageKey, JSON.stringify({ token: response.token, user: response.user }));
  }

  async function signOut(): Promise<void> {
    // Signed out here even when the server cannot be reached; the server session then times out.
    await signOutOnServer().catch(() => undefined);
    forget();
  }

  // The server ended the session (expired, signed out elsewhere): forget it here too.
  whenSignedOut(forget);

  return { user, token, signedIn, isPatient, isDoctor, restore, signedInWith, signOut, forget };
});
