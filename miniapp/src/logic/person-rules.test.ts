import { describe, expect, it } from 'vitest';
import { privacyPolicyVersion } from '../../../domain/consent';
import { makeIdNumber } from '../../../domain/id-number';
import { linkFormProblems, linkNotes, missingConsents } from './person-rules';

const today = '2026-11-29';
const adult = makeIdNumber('360102', '1968-03-12', 23);
const child = makeIdNumber('360102', '2018-06-01', 35);

describe('the person-linking form', () => {
  it('accepts a valid adult linked as self', () => {
    expect(linkFormProblems({ name: '张伟', idNo: adult, relation: 'self' }, today)).toEqual({});
  });

  it('names each missing or wrong field in plain words', () => {
    const problems = linkFormProblems({ name: '', idNo: `${adult.slice(0, 17)}0`, relation: undefined }, today);
    expect(problems.name).toBe('请填写姓名');
    expect(problems.idNo).toContain('身份证号不正确');
    expect(problems.relation).toBe('请选择与您的关系');
  });

  it('refuses a minor linked as anything but a child', () => {
    expect(linkFormProblems({ name: '朱小明', idNo: child, relation: 'other' }, today).relation).toContain('子女');
    expect(linkFormProblems({ name: '朱小明', idNo: child, relation: 'child' }, today)).toEqual({});
  });

  it('explains the guardian consent as soon as a child under 14 is typed', () => {
    expect(linkNotes(adult, today)).toHaveLength(1);
    const notes = linkNotes(child, today);
    expect(notes.join('')).toContain('不满14周岁');
    expect(notes.join('')).toContain('监护人');
  });

  it('lists the consents still missing for the current policy version', () => {
    const required = ['guardian', 'health_data'] as const;
    expect(missingConsents({ consentsRequired: [...required], consents: [] })).toEqual(['guardian', 'health_data']);
    expect(
      missingConsents({
        consentsRequired: [...required],
        consents: [
          { kind: 'guardian', policyVersion: privacyPolicyVersion },
          { kind: 'health_data', policyVersion: '2000-01' }
        ]
      })
    ).toEqual(['health_data']);
  });
});
