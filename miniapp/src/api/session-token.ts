/**
 * The session token as the request wrapper sees it. The session store owns it; this indirection keeps the
 * wrapper free of Pinia, and lets the store learn of a 401 (session ended on the server).
 */
let token: string | undefined;
let onSignedOut: (() => void) | undefined;

export function sessionToken(): string | undefined {
  return token;
}

export function setSessionToken(value: string | undefined): void {
  token = value;
}

export function whenSignedOut(listener: () => void): void {
  onSignedOut = listener;
}

export function signedOut(): void {
  token = undefined;
  onSignedOut?.();
}
