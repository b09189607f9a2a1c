/**
 * The first security admin of a production installation (`npm run bootstrap -- --secadmin <name>`): no demo
 * accounts exist outside development, and every other staff account is created by a security admin. The
 * password is generated, shown once to whoever runs the command, and must be changed at the first sign-in.
 */
import crypto from 'node:crypto';
import { and, arrayContains, eq } from 'drizzle-orm';
import type { Database } from '../../db/connection';
import { userAccounts } from '../../db/schema';
import { checkPasswordPolicy } from '../../domain/password-policy';
import { hashPassword } from '../../crypto/password';
import { appendAudit, auditOf } from '../audit/audit-log';
import { normaliseUsername } from '../auth/sign-in-common';

export class BootstrapRefusedError extends Error {
  readonly code = 'BOOTSTRAP_REFUSED';
}

/** Letters without look-alikes (no I, l, O, 0, 1), digits and symbols: 16 characters ≈ 95 bits. */
const alphabets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '#%+=@^*-'];

export function generateOneTimePassword(length = 16): string {
  for (;;) {
    const all = alphabets.join('');
    // One of each class first, the rest from all of them, then shuffled.
    const characters = [
      ...alphabets.map(alphabet => alphabet[crypto.randomInt(alphabet.length)] ?? ''),
      ...Array.from({ length: length - alphabets.length }, () => all[crypto.randomInt(all.length)] ?? '')
    ];
    for (let index = characters.length - 1; index > 0; index -= 1) {
      const other = crypto.randomInt(index + 1);
      [characters[index], characters[other]] = [characters[other] ?? '', characters[index] ?? ''];
    }
    const password = characters.join('');
    if (checkPasswordPolicy(password).ok) return password;
  }
}

export async function createFirstSecurityAdmin(
  db: Database,
  options: { username: string; displayName: string; passwordIterations: number }
): Promise<{ accountId: string; username: string; oneTimePassword: string }> {
  const username = normaliseUsername(options.username);
  if (!/^[a-z][a-z0-9._-]{2,63}$/.test(username)) {
    throw new BootstrapRefusedError('the username must start with a letter and have 3–64 letters, digits, . _ or -');
  }
  const oneTimePassword = generateOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword, options.passwordIterations);
  return db.transaction(async tx => {
    const [existing] = await tx
      .select({ username: userAccounts.username })
      .from(userAccounts)
      .where(and(eq(userAccounts.kind, 'staff'), arrayContains(userAccounts.roles, ['secadmin'])))
      .limit(1);
    if (existing) {
      throw new BootstrapRefusedError(
        `a security admin exists already (${existing.username ?? '?'}): further accounts are created in the console`
      );
    }
    const [created] = await tx
      .insert(userAccounts)
      .values({
        kind: 'staff',
        username,
        displayName: options.displayName,
        roles: ['secadmin'],
        passwordHash,
        passwordChangedAt: new Date(),
        passwordOneTime: true
      })
      .onConflictDoNothing()
      .returning({ id: userAccounts.id });
    if (!created) throw new BootstrapRefusedError(`the username ${username} is taken`);
    // No signed-in actor: the command run on the server, recorded as the system like the retention purge.
    const entry = auditOf(null, { ip: null }, 'role_change', { type: 'user_account', id: created.id }, 'success', {
      created: true,
      roles: ['secadmin'],
      bootstrap: true,
      oneTimePassword: true
    });
    await appendAudit(tx, { ...entry, actorRole: 'system' });
    return { accountId: created.id, username, oneTimePassword };
  });
}
