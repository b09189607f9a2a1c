import type { Database } from './connection';
import { institutions } from './schema';

/**
 * 鉴定定点医药机构 sample list for development, tests and demos. Production keeps the list the hospital's
 * 医保办 maintains through the console (PUT /api/institutions/{code}); the codes here are illustrative.
 */
export const sampleInstitutions = [
  { code: 'H36010200015', name: '江西中医药大学附属医院', level: '三级甲等', admdvs: '360102' },
  { code: 'H36010200001', name: '江西省人民医院', level: '三级甲等', admdvs: '360102' },
  { code: 'H36010200002', name: '南昌大学第一附属医院', level: '三级甲等', admdvs: '360102' },
  { code: 'H36010300003', name: '南昌大学第二附属医院', level: '三级甲等', admdvs: '360103' },
  { code: 'H36011100004', name: '江西省肿瘤医院', level: '三级甲等', admdvs: '360111' },
  { code: 'H36010300005', name: '江西省儿童医院', level: '三级甲等', admdvs: '360103' },
  { code: 'H36010200006', name: '南昌市第一医院', level: '三级甲等', admdvs: '360102' },
  { code: 'H36010400007', name: '南昌市第九医院', level: '三级甲等', admdvs: '360104' }
] as const;

export async function seedSampleInstitutions(db: Database): Promise<void> {
  await db
    .insert(institutions)
    .values(sampleInstitutions.map(institution => ({ ...institution, valid: true })))
    .onConflictDoNothing();
}
