import type { HisDiagnosis, HisVisit } from '../../domain/his';
import { departmentDiagnoses, paediatricAgeLimit, paediatricDepartment, sampleDoctors } from './sample-data';

const dayMs = 86_400_000;
/** Visits reach back two years: the window most 认定 materials ask for (近二年). */
const historyDays = 730;

/**
 * The visits of the patient with this ID number, the same on every call for the same reference date, so that
 * any person the Yibao simulator knows also has a plausible record: one or two chronic conditions (儿科 for
 * children), each followed in its department by that department's doctors. Newest first.
 */
export function simulatedVisits(idNo: string, referenceDate: string): HisVisit[] {
  const birthDate = birthDateOf(idNo);
  const today = Date.parse(`${referenceDate}T00:00:00Z`);
  if (birthDate === undefined || birthDate > today) return [];

  const random = seededRandom(idNo);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const ageYears = (today - birthDate) / (365.25 * dayMs);
  const reachBackDays = Math.min(historyDays, Math.floor((today - birthDate) / dayMs));

  const adultDepartments = Object.keys(departmentDiagnoses).filter(name => name !== paediatricDepartment);
  const departments =
    ageYears < paediatricAgeLimit
      ? [paediatricDepartment]
      : [...new Set([pick(adultDepartments), ...(random() < 0.5 ? [pick(adultDepartments)] : [])])];

  const visits: HisVisit[] = [];
  for (const department of departments) {
    const { main, secondary } = departmentDiagnoses[department] ?? { main: [], secondary: [] };
    const doctors = sampleDoctors.filter(doctor => doctor.active && doctor.department === department);
    const condition = pick(main);
    const count = 2 + Math.floor(random() * 4);
    for (let index = 0; index < count; index++) {
      const doctor = pick(doctors);
      const visitDate = new Date(today - Math.floor(random() * (reachBackDays + 1)) * dayMs).toISOString().slice(0, 10);
      const visitType = random() < 0.15 ? '住院' : '门诊';
      const diagnoses: HisDiagnosis[] = [condition];
      const extra = pick(secondary);
      if (random() < 0.4 && extra.code !== condition.code) diagnoses.push(extra);
      const serial = String(Math.floor(random() * 1_000_000)).padStart(6, '0');
      visits.push({
        visitNo: `${visitType === '住院' ? 'ZY' : 'MZ'}${visitDate.replaceAll('-', '')}${serial}`,
        visitDate,
        department,
        doctorStaffNo: doctor.staffNo,
        doctorName: doctor.name,
        diagnoses,
        visitType
      });
    }
  }
  return visits.sort((a, b) => b.visitDate.localeCompare(a.visitDate) || a.visitNo.localeCompare(b.visitNo));
}

/** Birth date (ms, UTC) from digits 7–14 of the ID number, or undefined when they are not a real date. */
function birthDateOf(idNo: string): number | undefined {
  const year = Number(idNo.slice(6, 10));
  const month = Number(idNo.slice(10, 12));
  const day = Number(idNo.slice(12, 14));
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? date.getTime() : undefined;
}

/**
 * FNV-1a of the text seeding mulberry32: ten lines, and the sample data must never change with a library's
 * version, which a dependency cannot promise.
 */
function seededRandom(text: string): () => number {
  let state = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    state = Math.imul(state ^ text.charCodeAt(index), 0x01000193);
  }
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}
