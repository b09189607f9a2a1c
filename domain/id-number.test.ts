import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageAt, gb11643CheckCharacter, isValidIdNumber, makeIdNumber, parseIdNumber } from './id-number';

describe('GB 11643 identity numbers', () => {
  it('accepts the standard example and reads its birth date and sex', () => {
    expect(parseIdNumber('11010519491231002X')).toEqual({
      idNumber: '11010519491231002X',
      regionCode: '110105',
      birthDate: '1949-12-31',
      sex: 'female'
    });
    expect(parseIdNumber('11010519491231002x')?.idNumber).toBe('11010519491231002X');
  });

  it('refuses a wrong check character, an impossible birth date and a wrong length', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber(makeIdNumber('360102', '2023-02-28', 1).replace('20230228', '20230230'))).toBe(false);
    expect(isValidIdNumber('36010219680312123')).toBe(false);
  });

  it('detects every single changed digit', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1920-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }),
        fc.nat(999),
        fc.nat(16),
        fc.integer({ min: 1, max: 9 }),
        (birth, sequence, position, delta) => {
          const id = makeIdNumber('360111', birth.toISOString().slice(0, 10), sequence);
          expect(isValidIdNumber(id)).toBe(true);
          const digit = (Number(id[position]) + delta) % 10;
          const changed = id.slice(0, position) + String(digit) + id.slice(position + 1);
          expect(isValidIdNumber(changed)).toBe(false);
        }
      )
    );
    expect(gb11643CheckCharacter('11010519491231002')).toBe('X');
  });

  it('tells the sex from the 17th digit', () => {
    expect(parseIdNumber(makeIdNumber('360102', '1990-01-01', 123))?.sex).toBe('male');
    expect(parseIdNumber(makeIdNumber('360102', '1990-01-01', 124))?.sex).toBe('female');
  });

  it('counts age in whole years, turning a year older on the birthday', () => {
    expect(ageAt('2012-11-25', '2026-11-24')).toBe(13);
    expect(ageAt('2012-11-25', '2026-11-25')).toBe(14);
    expect(ageAt('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageAt('2008-02-29', '2026-03-01')).toBe(18);
  });
});
