/**
 * Resident identity numbers (公民身份号码, GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence
 * (odd = male), and an ISO 7064 MOD 11-2 check character. Pure TypeScript: browsers use it too.
 */
const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkCharacters = '10X98765432';

export type Sex = 'male' | 'female';

export interface IdNumberInfo {
  /** Upper-case, 18 characters. */
  idNumber: string;
  regionCode: string;
  /** yyyy-MM-dd */
  birthDate: string;
  sex: Sex;
}

/** The 18th character for the first 17 digits. */
export function gb11643CheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('expected 17 digits');
  let sum = 0;
  for (let index = 0; index < 17; index += 1) sum += Number(first17[index]) * (weights[index] ?? 0);
  return checkCharacters[sum % 11] ?? '';
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The number's parts, or undefined when its format, birth date or check character is wrong. */
export function parseIdNumber(value: string): IdNumberInfo | undefined {
  const idNumber = value.trim().toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(idNumber)) return undefined;
  const year = Number(idNumber.slice(6, 10));
  const month = Number(idNumber.slice(10, 12));
  const day = Number(idNumber.slice(12, 14));
  if (year < 1900 || !isRealDate(year, month, day)) return undefined;
  if (gb11643CheckCharacter(idNumber.slice(0, 17)) !== idNumber[17]) return undefined;
  return {
    idNumber,
    regionCode: idNumber.slice(0, 6),
    birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
    sex: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female'
  };
}

export function isValidIdNumber(value: string): boolean {
  return parseIdNumber(value) !== undefined;
}

/** Whole years between a birth date and a date (both yyyy-MM-dd); a 29 February birthday counts on 1 March. */
export function ageAt(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [oy, om, od] = on.split('-').map(Number);
  if ([by, bm, bd, oy, om, od].some(part => part === undefined || Number.isNaN(part))) {
    throw new Error('dates must be yyyy-MM-dd');
  }
  const hadBirthday = (om ?? 0) > (bm ?? 0) || (om === bm && (od ?? 0) >= (bd ?? 0));
  return (oy ?? 0) - (by ?? 0) - (hadBirthday ? 0 : 1);
}

/** Builds a valid number (test data, simulators): region 6 digits, birth yyyy-MM-dd, sequence 0–999. */
export function makeIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return `${first17}${gb11643CheckCharacter(first17)}`;
}
