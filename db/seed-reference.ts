import { sql } from 'drizzle-orm';
import type { Database } from './connection';
import { dualChannelInstitutions, institutions, specialDrugs } from './schema';

/**
 * 鉴定定点医药机构 sample list for development, tests and demos. Production keeps the list the hospital's
 * 医保办 maintains through the console (PUT /api/institutions/{code}); the codes here are illustrative.
 */
export const sampleInstitutions = [
  {
    code: 'H36010200015',
    name: '江西中医药大学附属医院',
    level: '三级甲等',
    admdvs: '360102',
    address: '南昌市东湖区八一大道445号'
  },
  {
    code: 'H36010200001',
    name: '江西省人民医院',
    level: '三级甲等',
    admdvs: '360102',
    address: '南昌市东湖区爱国路152号'
  },
  {
    code: 'H36010200002',
    name: '南昌大学第一附属医院',
    level: '三级甲等',
    admdvs: '360102',
    address: '南昌市东湖区永外正街17号'
  },
  {
    code: 'H36010300003',
    name: '南昌大学第二附属医院',
    level: '三级甲等',
    admdvs: '360103',
    address: '南昌市民德路1号'
  },
  {
    code: 'H36011100004',
    name: '江西省肿瘤医院',
    level: '三级甲等',
    admdvs: '360111',
    address: '南昌市青山湖区北京东路519号'
  },
  { code: 'H36010300005', name: '江西省儿童医院', level: '三级甲等', admdvs: '360103', address: '南昌市阳明路122号' },
  { code: 'H36010200006', name: '南昌市第一医院', level: '三级甲等', admdvs: '360102', address: '南昌市象山北路128号' },
  { code: 'H36010400007', name: '南昌市第九医院', level: '三级甲等', admdvs: '360104', address: null }
] as const;

export async function seedSampleInstitutions(db: Database): Promise<void> {
  await db
    .insert(institutions)
    .values(sampleInstitutions.map(institution => ({ ...institution, valid: true })))
    // A database seeded before institutions had addresses gets them; anything an admin set is kept.
    .onConflictDoUpdate({
      target: institutions.code,
      set: { address: sql`coalesce(${institutions.address}, excluded.address)` }
    });
}

/**
 * The hospital's own fields of the sample special drugs, by bureau code. The bureau's codes and names come
 * from the caller (the simulator's dual-channel list in development and tests), so they cannot drift apart.
 */
const sampleSpecialDrugDetails: Record<string, { specification: string; manufacturer: string; indications: string }> = {
  XL01XEA298A001010105487: {
    specification: '80mg*30片',
    manufacturer: '阿斯利康制药有限公司',
    indications: 'EGFR突变阳性的局部晚期或转移性非小细胞肺癌'
  },
  XL01XEA328A001010105893: {
    specification: '55mg*20片',
    manufacturer: '江苏豪森药业集团有限公司',
    indications: 'EGFR突变阳性的局部晚期或转移性非小细胞肺癌'
  },
  XL01XEF727A001010106011: {
    specification: '40mg*28片',
    manufacturer: '上海艾力斯医药科技股份有限公司',
    indications: 'EGFR T790M突变阳性的局部晚期或转移性非小细胞肺癌'
  },
  XL01XEA314E001010103362: {
    specification: '150mg*224粒',
    manufacturer: '罗氏制药有限公司',
    indications: 'ALK阳性的局部晚期或转移性非小细胞肺癌'
  },
  XL01XEA309E001010100217: {
    specification: '12mg*7粒',
    manufacturer: '正大天晴药业集团股份有限公司',
    indications: '限既往至少接受过2种系统化疗后出现进展或复发的局部晚期或转移性非小细胞肺癌'
  },
  XL01XEZ104E001010106201: {
    specification: '80mg*64粒',
    manufacturer: '百济神州（苏州）生物科技有限公司',
    indications: '既往至少接受过一种治疗的成人套细胞淋巴瘤'
  },
  XL01XXA316A001010104412: {
    specification: '150mg*56片',
    manufacturer: '阿斯利康制药有限公司',
    indications: 'BRCA突变的晚期卵巢癌维持治疗'
  },
  XL01XCX242B002010105566: {
    specification: '10ml:100mg/瓶',
    manufacturer: '信达生物制药（苏州）有限公司',
    indications: '至少经过二线系统化疗的复发或难治性经典型霍奇金淋巴瘤'
  },
  XL04ACS271B002010104423: {
    specification: '1ml:150mg/支',
    manufacturer: '诺华制药有限公司',
    indications: '符合系统治疗或光疗指征的中度至重度斑块状银屑病'
  },
  XD11AHD344B002010105120: {
    specification: '2ml:300mg/支',
    manufacturer: '赛诺菲（中国）投资有限公司',
    indications: '外用药控制不佳或不建议使用外用药的成人中重度特应性皮炎'
  }
};

/** Seeds the special-drug catalogue with the given bureau drugs (development and tests only). */
export async function seedSampleSpecialDrugs(db: Database, drugs: readonly { code: string; name: string }[]) {
  if (!drugs.length) return;
  await db
    .insert(specialDrugs)
    .values(
      drugs.map(drug => ({
        code: drug.code,
        name: drug.name,
        specification: sampleSpecialDrugDetails[drug.code]?.specification ?? null,
        manufacturer: sampleSpecialDrugDetails[drug.code]?.manufacturer ?? null,
        indications: sampleSpecialDrugDetails[drug.code]?.indications ?? null,
        valid: true
      }))
    )
    .onConflictDoNothing();
}

/** The hospital (its own pharmacy is a dual-channel outlet) and designated pharmacies in Nanchang; illustrative codes. */
export const sampleDualChannelInstitutions = [
  { code: 'H36010200015', name: '江西中医药大学附属医院', poolingAreaCode: '360100' },
  { code: 'P36010200101', name: '江西黄庆仁栈华氏大药房有限公司（八一大道店）', poolingAreaCode: '360100' },
  { code: 'P36010300102', name: '南昌市开心人大药房连锁有限公司（洪城路店）', poolingAreaCode: '360100' },
  { code: 'P36011100103', name: '国药控股江西有限公司DTP药房（青山湖店）', poolingAreaCode: '360100' },
  { code: 'P36010400104', name: '江西汇仁大药房连锁有限公司（青云谱店）', poolingAreaCode: '360100' }
] as const;

export async function seedSampleDualChannelInstitutions(db: Database): Promise<void> {
  await db
    .insert(dualChannelInstitutions)
    .values(sampleDualChannelInstitutions.map(institution => ({ ...institution, valid: true })))
    .onConflictDoNothing();
}
