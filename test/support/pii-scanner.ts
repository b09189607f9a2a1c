/**
 * Scans response bodies and logs for personal data that must never appear unmasked (security-controls §4.3):
 * an 18-digit resident ID number and an 11-digit mainland mobile number. Masked forms (`3601**********1234`,
 * `139****0001`) do not match. Known persons' full names, ID numbers and phones can be added as needles.
 */

export const unmaskedIdNumber = /\b\d{17}[\dXx]\b/g;
export const unmaskedMobile = /\b1[3-9]\d{9}\b/g;

export interface PiiFinding {
  kind: 'id-number' | 'mobile' | 'known-value';
  value: string;
  /** Up to 40 characters either side, to find the field in a failure message. */
  context: string;
}

export interface KnownPerson {
  label: string;
  name: string;
  idNo: string;
  phone: string;
}

function around(text: string, index: number, length: number): string {
  return text.slice(Math.max(0, index - 40), index + length + 40);
}

function asText(body: unknown): string {
  return typeof body === 'string' ? body : (JSON.stringify(body) ?? '');
}

/** Every unmasked ID number or mobile number in `body` (a string or anything JSON-serialisable). */
export function findUnmaskedPii(body: unknown): PiiFinding[] {
  const text = asText(body);
  const findings: PiiFinding[] = [];
  for (const [kind, pattern] of [
    ['id-number', unmaskedIdNumber],
    ['mobile', unmaskedMobile]
  ] as const) {
    for (const match of text.matchAll(pattern))
      findings.push({ kind, value: match[0], context: around(text, match.index, match[0].length) });
  }
  return findings;
}

/** Occurrences of the given persons' full names, ID numbers (either case of a final X) and phones in `body`. */
export function findKnownPersons(body: unknown, persons: KnownPerson[]): PiiFinding[] {
  const text = asText(body);
  const findings: PiiFinding[] = [];
  for (const person of persons) {
    for (const value of [person.name, person.idNo, person.idNo.toLowerCase(), person.phone]) {
      if (!value) continue;
      const index = text.indexOf(value);
      if (index >= 0)
        findings.push({
          kind: 'known-value',
          value: `${person.label}: ${value}`,
          context: around(text, index, value.length)
        });
    }
  }
  return findings;
}

/** Throws with every finding when `body` carries unmasked personal data; `where` names the request. */
export function assertNoUnmaskedPii(where: string, body: unknown, persons: KnownPerson[] = []): void {
  const findings = [...findUnmaskedPii(body), ...findKnownPersons(body, persons)];
  if (findings.length) {
    const lines = findings.map(finding => `  ${finding.kind} ${finding.value} in …${finding.context}…`);
    throw new Error(`unmasked personal data in ${where}:\n${lines.join('\n')}`);
  }
}
