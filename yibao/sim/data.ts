/**
 * The simulator's seed data, in the platform's real formats (jiangxi-policy.md): Jiangxi admdvs, national
 * M-codes of 门慢门特病种, 23-character 医保药品代码 of negotiated drugs, valid GB 11643 ID numbers, adults,
 * teenagers and children under 14. Fixed, so every run and every demo sees the same people.
 */
import { makeIdNumber } from '../../domain/id-number';

export interface SimPerson {
  psnNo: string;
  name: string;
  certno: string;
  gend: '1' | '2';
  brdy: string;
  naty: string;
  phone: string;
  insutype: '310' | '390';
  psnType: string;
  insuplcAdmdvs: string;
  empName: string | undefined;
  /** 单位编号 of the employer (20 digits, the area's code first), for employed persons. */
  empNo: string | undefined;
  /** 社会保障卡号 and 卡识别码 (mdtrt_cert_type 03). */
  cardNo: string;
  cardSn: string;
  /** 医保电子凭证令牌 (mdtrt_cert_type 01). */
  ecToken: string;
  addr: string;
  balance: number;
}

interface PersonSeed {
  name: string;
  region: string;
  brdy: string;
  male: boolean;
  insutype: '310' | '390';
  psnType: string;
  admdvs: string;
  empName?: string;
  phone: string;
  addr: string;
}

const personSeeds: PersonSeed[] = [
  {
    name: '张伟',
    region: '360102',
    brdy: '1968-03-12',
    male: true,
    insutype: '310',
    psnType: '21',
    admdvs: '360102',
    empName: '江西洪都航空工业集团有限责任公司',
    phone: '13807081234',
    addr: '江西省南昌市东湖区八一大道318号'
  },
  {
    name: '王芳',
    region: '360111',
    brdy: '1975-07-28',
    male: false,
    insutype: '310',
    psnType: '11',
    admdvs: '360111',
    empName: '南昌市第一中学',
    phone: '13970012345',
    addr: '江西省南昌市青山湖区北京东路1号'
  },
  {
    name: '熊志强',
    region: '360121',
    brdy: '1957-11-02',
    male: true,
    insutype: '390',
    psnType: '60',
    admdvs: '360121',
    phone: '15979123456',
    addr: '江西省南昌市南昌县莲塘镇澄湖东路22号'
  },
  {
    name: '涂秀英',
    region: '360124',
    brdy: '1951-01-19',
    male: false,
    insutype: '390',
    psnType: '60',
    admdvs: '360124',
    phone: '13607915678',
    addr: '江西省南昌市进贤县民和镇胜利路8号'
  },
  {
    name: '刘洋',
    region: '360113',
    brdy: '1989-09-09',
    male: true,
    insutype: '310',
    psnType: '11',
    admdvs: '360113',
    empName: '江西省电力有限公司',
    phone: '18679112345',
    addr: '江西省南昌市红谷滩区丰和中大道912号'
  },
  {
    name: '万晓燕',
    region: '360103',
    brdy: '1982-05-30',
    male: false,
    insutype: '310',
    psnType: '11',
    admdvs: '369900',
    empName: '中国铁路南昌局集团有限公司',
    phone: '13767023456',
    addr: '江西省南昌市西湖区站前路108号'
  },
  {
    name: '邹建国',
    region: '361102',
    brdy: '1962-08-16',
    male: true,
    insutype: '390',
    psnType: '50',
    admdvs: '361199',
    phone: '13879312345',
    addr: '江西省上饶市信州区中山路56号'
  },
  {
    name: '陈静',
    region: '360702',
    brdy: '1993-12-24',
    male: false,
    insutype: '390',
    psnType: '50',
    admdvs: '360100',
    phone: '15070812345',
    addr: '江西省南昌市东湖区阳明路99号'
  },
  {
    name: '胡欣怡',
    region: '360102',
    brdy: '2011-04-15',
    male: false,
    insutype: '390',
    psnType: '42',
    admdvs: '360102',
    phone: '13576012345',
    addr: '江西省南昌市东湖区豫章路66号'
  },
  {
    name: '罗子轩',
    region: '360111',
    brdy: '2009-10-03',
    male: true,
    insutype: '390',
    psnType: '42',
    admdvs: '360111',
    phone: '18970812345',
    addr: '江西省南昌市青山湖区上海路188号'
  },
  {
    name: '朱梓涵',
    region: '360113',
    brdy: '2016-06-21',
    male: true,
    insutype: '390',
    psnType: '42',
    admdvs: '360113',
    phone: '13330012345',
    addr: '江西省南昌市红谷滩区赣江中大道1218号'
  },
  {
    name: '黄雨桐',
    region: '360103',
    brdy: '2019-02-08',
    male: false,
    insutype: '390',
    psnType: '41',
    admdvs: '360103',
    phone: '17770012345',
    addr: '江西省南昌市西湖区孺子路255号'
  },
  {
    name: '吴昊',
    region: '360402',
    brdy: '1979-03-03',
    male: true,
    insutype: '310',
    psnType: '11',
    admdvs: '360100',
    empName: '江铃汽车股份有限公司',
    phone: '13317912345',
    addr: '江西省南昌市青云谱区迎宾北大道666号'
  },
  {
    name: '杨帆',
    region: '360502',
    brdy: '1986-07-07',
    male: false,
    insutype: '310',
    psnType: '11',
    admdvs: '360102',
    empName: '江西中医药大学',
    phone: '15180112345',
    addr: '江西省南昌市湾里区梅岭大道1688号'
  }
];

function digitsOf(text: string, length: number, salt: number): string {
  let hash = 2166136261 ^ salt;
  let out = '';
  for (let round = 0; out.length < length; round += 1) {
    for (const character of `${text}:${round}`) hash = Math.imul(hash ^ character.charCodeAt(0), 16777619) >>> 0;
    out += String(hash % 100000).padStart(5, '0');
  }
  return out.slice(0, length);
}

export function seedPersons(): SimPerson[] {
  return personSeeds.map((seed, index) => {
    const sequence = (index * 37 + 11) % 500;
    const sexDigit = seed.male ? 1 : 0;
    const certno = makeIdNumber(seed.region, seed.brdy, sequence * 2 + sexDigit);
    const psnNo = `3601${'0'.repeat(8)}${String(100234 + index * 7919).padStart(8, '0')}`;
    return {
      psnNo,
      name: seed.name,
      certno,
      gend: seed.male ? '1' : '2',
      brdy: seed.brdy,
      naty: '01',
      phone: seed.phone,
      insutype: seed.insutype,
      psnType: seed.psnType,
      insuplcAdmdvs: seed.admdvs,
      empName: seed.empName,
      empNo: seed.empName ? `${seed.admdvs}00000000${digitsOf(seed.empName, 6, 6)}` : undefined,
      cardNo: `36${digitsOf(certno, 7, 1)}`,
      cardSn: `360000D156000005${digitsOf(certno, 8, 2)}${digitsOf(certno, 8, 3)}`.slice(0, 32),
      ecToken: `YBDZPZ${digitsOf(psnNo, 26, 4)}`,
      addr: seed.addr,
      balance: seed.insutype === '310' ? 1000 + Number(digitsOf(psnNo, 4, 5)) / 10 : 0
    };
  });
}

export interface CatalogueDisease {
  code: string;
  name: string;
  majorCode: string;
  majorName: string;
}

/** National 门慢门特 M-codes seen in use (jiangxi-policy.md §2.5), with their 大类. */
export const diseaseCatalogue: CatalogueDisease[] = [
  ['M00105', '活动性肺结核', '结核病'],
  ['M00201', '慢性乙型肝炎', '病毒性肝炎'],
  ['M00300', '艾滋病', '艾滋病'],
  ['M00503', '恶性肿瘤放、化、介入或核素治疗', '恶性肿瘤门诊治疗'],
  ['M00504', '恶性肿瘤(非放化疗)', '恶性肿瘤门诊治疗'],
  ['M01102', '再生障碍性贫血', '贫血'],
  ['M01103', '地中海贫血', '贫血'],
  ['M01200', '血友病', '血友病'],
  ['M01600', '糖尿病', '糖尿病'],
  ['M01609', '糖尿病黄斑水肿', '糖尿病'],
  ['M02101', '精神分裂症', '重性精神病'],
  ['M02300', '帕金森病', '帕金森病'],
  ['M02500', '癫痫', '癫痫'],
  ['M03900', '高血压病', '高血压'],
  ['M04000', '肺动脉高压', '肺动脉高压'],
  ['M04301', '慢性心功能不全', '慢性心力衰竭'],
  ['M04600', '冠心病', '冠心病'],
  ['M04803', '脑血管疾病后遗症', '脑卒中'],
  ['M05300', '慢性阻塞性肺疾病', '慢性阻塞性肺疾病'],
  ['M05400', '支气管哮喘', '支气管哮喘'],
  ['M06201', '肝硬化(失代偿期)', '肝硬化'],
  ['M06900', '类风湿关节炎', '类风湿关节炎'],
  ['M07101', '系统性红斑狼疮', '系统性红斑狼疮'],
  ['M07800', '慢性肾功能不全(非透析治疗)', '慢性肾功能衰竭'],
  ['M07803', '慢性肾功能不全(血透治疗)', '慢性肾功能衰竭'],
  ['M08300', '器官移植抗排异治疗', '器官移植抗排异治疗']
].map(([code = '', name = '', majorName = '']) => ({ code, name, majorCode: code.slice(0, 4), majorName }));

export interface CatalogueDrug {
  code: string;
  name: string;
}

/** Negotiated drugs of the kind on dual-channel lists: real 12-character prefixes, completed to 23 characters. */
export const dualChannelDrugs: CatalogueDrug[] = [
  ['XL01XEA298A001010105487', '甲磺酸奥希替尼片'],
  ['XL01XEA328A001010105893', '甲磺酸阿美替尼片'],
  ['XL01XEF727A001010106011', '甲磺酸伏美替尼片'],
  ['XL01XEA314E001010103362', '盐酸阿来替尼胶囊'],
  ['XL01XEA309E001010100217', '盐酸安罗替尼胶囊'],
  ['XL01XEZ104E001010106201', '泽布替尼胶囊'],
  ['XL01XXA316A001010104412', '奥拉帕利片'],
  ['XL01XCX242B002010105566', '信迪利单抗注射液'],
  ['XL04ACS271B002010104423', '司库奇尤单抗注射液'],
  ['XD11AHD344B002010105120', '度普利尤单抗注射液']
].map(([code = '', name = '']) => ({ code, name }));

/**
 * What chronic patients are dispensed, for 5205 medication records: one line of a 5205 `feedetail` row per
 * item, in the platform's codes (list_type 101 西药 / 102 中成药 / 103 中药饮片 / 104 自制剂 / 201 服务项目,
 * med_chrgitm_type 09 西药费 / 10 中药饮片费 / 11 中成药费 / 04 化验费, chrgitm_lv 1 甲类 / 2 乙类).
 */
export interface DispensedItem {
  code: string;
  name: string;
  /** 商品名 */
  brand?: string;
  spec: string;
  dosageForm?: string;
  price: number;
  quantity: number;
  listType: '101' | '102' | '103' | '104' | '201';
  chargeItemType: '04' | '09' | '10' | '11';
  level: '1' | '2';
  /** The hospital's own catalogue code (medins_list_codg). */
  hospitalCode: string;
  /** 生产地类别 1 国产 / 2 进口 */
  origin?: '1' | '2';
  /** 中药使用方式 1 复方 / 2 单方 */
  tcmUsage?: '1' | '2';
  essential?: boolean;
  negotiated?: boolean;
  restricted?: boolean;
  hospitalPreparation?: boolean;
  /** 外检医院: a test sent to another hospital's laboratory. */
  externalTestHospital?: string;
  /** Dispensed every this many months. */
  everyMonths: number;
  /** Dispensed by a designated pharmacy rather than the hospital (the dual-channel route). */
  pharmacy?: boolean;
}

const item = (fields: DispensedItem) => fields;

/** The chronic drug of each patient with records (by disease), first in each visit. */
export const chronicDrugs: DispensedItem[] = [
  item({
    code: 'XB01ACA056A012030101554',
    name: '阿司匹林肠溶片',
    brand: '拜阿司匹灵',
    spec: '100mg*30片',
    dosageForm: '肠溶片',
    price: 15.8,
    quantity: 2,
    listType: '101',
    chargeItemType: '09',
    level: '1',
    hospitalCode: 'YP0100231',
    origin: '2',
    essential: true,
    everyMonths: 1
  }),
  item({
    code: 'XC08CAB037A001020180517',
    name: '盐酸贝尼地平片',
    brand: '可力洛',
    spec: '4mg*14片',
    dosageForm: '片剂',
    price: 28.5,
    quantity: 4,
    listType: '101',
    chargeItemType: '09',
    level: '2',
    hospitalCode: 'YP0100876',
    origin: '1',
    essential: false,
    everyMonths: 1
  }),
  item({
    code: 'XA10BAE015A001010100214',
    name: '盐酸二甲双胍片',
    brand: '格华止',
    spec: '0.5g*48片',
    dosageForm: '片剂',
    price: 12.3,
    quantity: 3,
    listType: '101',
    chargeItemType: '09',
    level: '1',
    hospitalCode: 'YP0100412',
    origin: '1',
    essential: true,
    everyMonths: 1
  }),
  item({
    code: 'XR03AKS161L021010103381',
    name: '沙美特罗替卡松粉吸入剂',
    brand: '舒利迭',
    spec: '50μg/250μg*60吸',
    dosageForm: '吸入粉雾剂',
    price: 168,
    quantity: 1,
    listType: '101',
    chargeItemType: '09',
    level: '2',
    hospitalCode: 'YP0102045',
    origin: '2',
    essential: false,
    restricted: true,
    everyMonths: 1
  })
];

/** What the TCM hospital adds to a chronic patient's visits: a 中成药, a decoction, its own preparation, a test. */
export const tcmVisitItems: DispensedItem[] = [
  item({
    code: 'ZA12BAF0089010102433',
    name: '复方丹参滴丸',
    brand: '天士力复方丹参滴丸',
    spec: '27mg*180丸',
    dosageForm: '滴丸剂',
    price: 26.9,
    quantity: 2,
    listType: '102',
    chargeItemType: '11',
    level: '1',
    hospitalCode: 'ZY0200117',
    origin: '1',
    essential: true,
    everyMonths: 1
  }),
  item({
    code: 'T001700643',
    name: '黄芪',
    spec: '10g',
    dosageForm: '饮片',
    price: 0.32,
    quantity: 140,
    listType: '103',
    chargeItemType: '10',
    level: '2',
    hospitalCode: 'ZYP0300051',
    origin: '1',
    tcmUsage: '1',
    everyMonths: 3
  }),
  item({
    code: 'Z360100000123',
    name: '芪参益气颗粒',
    spec: '10g*12袋',
    dosageForm: '颗粒剂',
    price: 38,
    quantity: 1,
    listType: '104',
    chargeItemType: '11',
    level: '2',
    hospitalCode: 'ZZJ0400008',
    origin: '1',
    hospitalPreparation: true,
    everyMonths: 2
  }),
  item({
    code: '002503000020000-250305010',
    name: '糖化血红蛋白测定',
    spec: '次',
    price: 45,
    quantity: 1,
    listType: '201',
    chargeItemType: '04',
    level: '1',
    hospitalCode: 'JY250305010',
    externalTestHospital: 'H36010300021',
    everyMonths: 6
  })
];

/** A negotiated drug the first patient with records collects at a designated pharmacy (双通道). */
export const pharmacyDispensing = {
  institution: { code: 'P36010200123', name: '江西黄庆仁栈华氏大药房有限公司' },
  item: item({
    code: 'XL01XEA298A001010105487',
    name: '甲磺酸奥希替尼片',
    brand: '泰瑞沙',
    spec: '80mg*30片',
    dosageForm: '片剂',
    price: 4980,
    quantity: 1,
    listType: '101',
    chargeItemType: '09',
    level: '2',
    hospitalCode: 'P0101299',
    origin: '2',
    negotiated: true,
    restricted: true,
    everyMonths: 1,
    pharmacy: true
  })
};

/** The hospital's own entries in twopathfixmedins and ide_fixmedins_no. */
export const hospitalPoolArea = '360100';
