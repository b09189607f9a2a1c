/**
 * Display masks for personal data (PIPL; 等保 8.1.4.3): what staff screens, logs and exports show instead
 * of the value. Pure TypeScript: browsers use it too.
 */

function maskMiddle(value: string, keepStart: number, keepEnd: number): string {
  const characters = [...value];
  if (characters.length <= keepStart + keepEnd) return '*'.repeat(characters.length);
  const hidden = characters.length - keepStart - keepEnd;
  return (
    characters.slice(0, keepStart).join('') +
    '*'.repeat(hidden) +
    characters.slice(characters.length - keepEnd).join('')
  );
}

/** `360102199001011234` → `3601**********1234`. */
export function maskIdNumber(value: string): string {
  return maskMiddle(value.trim(), 4, 4);
}

/** `13812345678` → `138****5678`; other numbers keep their first 3 and last 4 characters too. */
export function maskPhone(value: string): string {
  const trimmed = value.trim();
  return [...trimmed].length >= 8 ? maskMiddle(trimmed, 3, 4) : maskMiddle(trimmed, 0, 2);
}

/** `张三` → `张*`, `欧阳娜娜` → `欧***`. */
export function maskName(value: string): string {
  const characters = [...value.trim()];
  if (characters.length === 0) return '';
  return (characters[0] ?? '') + '*'.repeat(Math.max(characters.length - 1, 1));
}

/** Social-security and bank card numbers: `F36012345` → `F3*****45`, long numbers keep 4 + 4. */
export function maskCardNumber(value: string): string {
  const trimmed = value.trim();
  return [...trimmed].length >= 12 ? maskMiddle(trimmed, 4, 4) : maskMiddle(trimmed, 2, 2);
}

/** Keeps the first 6 characters (province, city, district) and hides the rest. */
export function maskAddress(value: string): string {
  const characters = [...value.trim()];
  return characters.length <= 6 ? '*'.repeat(characters.length) : `${characters.slice(0, 6).join('')}****`;
}

/** Anything else personal (free-text diagnoses, tokens): nothing of it is shown. */
export function maskFully(value: string): string {
  return value === '' ? '' : '***';
}
