import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy } from './password-policy';

describe('staff password policy (等保 level 3)', () => {
  it('accepts a long password mixing three classes', () => {
    expect(checkPasswordPolicy('Kx9#mPq2vL')).toEqual({ ok: true });
    expect(checkPasswordPolicy('Jxtcm@2026')).toEqual({ ok: true });
    expect(checkPasswordPolicy('blue7horse$lamp')).toEqual({ ok: true });
  });

  it('refuses fewer than 8 characters', () => {
    expect(checkPasswordPolicy('Ab1#xyz').ok).toBe(false);
  });

  it('refuses fewer than three character classes', () => {
    expect(checkPasswordPolicy('abcdefgh12').ok).toBe(false);
    expect(checkPasswordPolicy('ABCDEFGHij').ok).toBe(false);
  });

  it.each(['Password123!', 'P@ssw0rd!', 'Admin@123', 'Qwer1234!', 'Woaini1314!', 'Zhangwei@2026', 'Abcd1234!'])(
    'refuses the common password %s however it is dressed up',
    password => {
      const result = checkPasswordPolicy(password);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems).toContain('密码过于常见，请换一个');
    }
  );

  it('refuses a password containing the username', () => {
    expect(checkPasswordPolicy('Doctor1#xyz', { username: 'doctor1' }).ok).toBe(false);
  });
});
