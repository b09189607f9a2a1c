/**
 * Staff password rules per 等保 2.0 level 3 (GB/T 22239 8.1.4.1a): at least 8 characters from at least 3 of
 * the 4 classes, plus what ASVS asks for on top: no common or breached password (also disguised with
 * l33t spelling, a capital letter or a year), and not the username. Pure TypeScript: the console checks
 * the same rules before it sends anything.
 */
import commonPasswords from './common-passwords.json' with { type: 'json' };

export const passwordMinLength = 8;
export const passwordMaxLength = 128;

const common = new Set<string>(commonPasswords);
const leet: Record<string, string> = {
  '@': 'a',
  '4': 'a',
  '0': 'o',
  '1': 'i',
  '!': 'i',
  '3': 'e',
  $: 's',
  '5': 's',
  '7': 't'
};

/** The forms a common password is usually disguised in, lower-cased. */
function variants(password: string): string[] {
  const lower = password.toLowerCase();
  const unleet = [...lower].map(character => leet[character] ?? character).join('');
  const results = new Set<string>();
  for (const form of [lower, unleet]) {
    results.add(form);
    results.add(form.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, ''));
    // "Admin@2026", "Password123!": a common word with a suffix of digits and symbols.
    results.add(form.replace(/[^a-z]+$/g, '').replace(/^[^a-z]+/g, ''));
  }
  return [...results].filter(form => form.length >= 4);
}

export function characterClassCount(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter(pattern => pattern.test(password)).length;
}

export type PasswordPolicyResult = { ok: true } | { ok: false; problems: string[] };

export function checkPasswordPolicy(
  password: string,
  context: { username?: string | null } = {}
): PasswordPolicyResult {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < passwordMinLength) problems.push(`密码至少 ${passwordMinLength} 位`);
  if (length > passwordMaxLength) problems.push(`密码最多 ${passwordMaxLength} 位`);
  if (characterClassCount(password) < 3) problems.push('密码须包含大写字母、小写字母、数字、特殊字符中的至少三类');
  if (variants(password).some(form => common.has(form))) problems.push('密码过于常见，请换一个');
  const username = context.username?.trim().toLowerCase();
  if (username && username.length >= 3 && password.toLowerCase().includes(username))
    problems.push('密码不能包含用户名');
  if (/^(.)\1+$/.test(password)) problems.push('密码不能由同一字符重复组成');
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
