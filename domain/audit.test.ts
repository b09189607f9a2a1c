import { describe, expect, it } from 'vitest';
import { auditTargetLabels, auditTargetSpellings, auditTargetTypeOf, auditTargetTypes } from './audit';

describe('the target type of an audit row', () => {
  it('reads the typed spelling and the spellings rows were written with before it was typed', () => {
    expect(auditTargetTypeOf('user_account')).toBe('user_account');
    expect(auditTargetTypeOf('UserAccount')).toBe('user_account');
    expect(auditTargetTypeOf('MinorReport')).toBe('minor_report');
    expect(auditTargetTypeOf('something_else')).toBeUndefined();
  });

  it('searches a type under every spelling and names every type in Chinese', () => {
    expect(auditTargetSpellings('audit_log')).toEqual(['audit_log', 'AuditLog']);
    expect(auditTargetSpellings('application')).toEqual(['application']);
    for (const type of auditTargetTypes) expect(auditTargetLabels[type]).toMatch(/\p{Script=Han}/u);
  });
});
