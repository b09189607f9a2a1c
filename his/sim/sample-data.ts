import type { HisDiagnosis, HisDoctor } from '../../domain/his';

/** The simulated hospital's doctors; D1001 and D1002 are the demo accounts doctor1 and doctor2. */
export const sampleDoctors: readonly HisDoctor[] = [
  { staffNo: 'D1001', name: '王建国', department: '内分泌科', title: '主任医师', active: true },
  { staffNo: 'D1002', name: '李秀英', department: '心血管内科', title: '副主任医师', active: true },
  { staffNo: 'D10023', name: '张志强', department: '肾病科', title: '主任医师', active: true },
  { staffNo: 'D10031', name: '刘芳', department: '肿瘤科', title: '副主任医师', active: true },
  { staffNo: 'D10045', name: '陈明华', department: '风湿免疫科', title: '主治医师', active: true },
  { staffNo: 'D10052', name: '杨丽娟', department: '呼吸内科', title: '主任医师', active: true },
  { staffNo: 'D10068', name: '黄伟', department: '神经内科', title: '副主任医师', active: true },
  { staffNo: 'D10074', name: '赵敏', department: '儿科', title: '主治医师', active: true },
  { staffNo: 'D10086', name: '周国平', department: '脾胃病科', title: '主任医师', active: true },
  { staffNo: 'D10093', name: '吴晓燕', department: '针灸科', title: '副主任医师', active: true },
  { staffNo: 'D10105', name: '徐海涛', department: '内分泌科', title: '住院医师', active: true },
  { staffNo: 'D10117', name: '孙静', department: '心血管内科', title: '主治医师', active: true },
  { staffNo: 'D10124', name: '胡建华', department: '肿瘤科', title: '主任医师', active: true },
  { staffNo: 'D10139', name: '朱文斌', department: '肾病科', title: '住院医师', active: false }
];

const dx = (code: string, name: string): HisDiagnosis => ({ code, name });

/**
 * Per department: the chronic conditions a patient is followed for (main diagnosis of every visit there)
 * and common secondary diagnoses. ICD-10 医保版 codes; 儿科 sees only children.
 */
export const departmentDiagnoses: Readonly<Record<string, { main: HisDiagnosis[]; secondary: HisDiagnosis[] }>> = {
  内分泌科: {
    main: [dx('E11.900', '2型糖尿病'), dx('E10.900', '1型糖尿病'), dx('E03.900', '甲状腺功能减退症')],
    secondary: [dx('E78.500', '高脂血症'), dx('E66.900', '肥胖症')]
  },
  心血管内科: {
    main: [
      dx('I10.x00', '高血压'),
      dx('I25.103', '冠状动脉粥样硬化性心脏病'),
      dx('I50.900', '心力衰竭'),
      dx('I48.x01', '心房颤动')
    ],
    secondary: [dx('E78.500', '高脂血症'), dx('E11.900', '2型糖尿病')]
  },
  肾病科: {
    main: [
      dx('N18.500', '慢性肾脏病5期'),
      dx('N18.400', '慢性肾脏病4期'),
      dx('N18.300', '慢性肾脏病3期'),
      dx('N03.900', '慢性肾炎综合征')
    ],
    secondary: [dx('I10.x00', '高血压'), dx('D64.900', '贫血')]
  },
  肿瘤科: {
    main: [
      dx('C34.900', '肺恶性肿瘤'),
      dx('C16.900', '胃恶性肿瘤'),
      dx('C18.900', '结肠恶性肿瘤'),
      dx('C22.900', '肝恶性肿瘤')
    ],
    secondary: [dx('D64.900', '贫血')]
  },
  风湿免疫科: {
    main: [
      dx('M06.900', '类风湿关节炎'),
      dx('M32.900', '系统性红斑狼疮'),
      dx('M45.x00', '强直性脊柱炎'),
      dx('M10.900', '痛风')
    ],
    secondary: [dx('M81.900', '骨质疏松')]
  },
  呼吸内科: {
    main: [
      dx('J44.900', '慢性阻塞性肺疾病'),
      dx('J45.900', '支气管哮喘'),
      dx('J42.x00', '慢性支气管炎'),
      dx('J47.x00', '支气管扩张')
    ],
    secondary: [dx('J18.900', '肺炎')]
  },
  神经内科: {
    main: [
      dx('I63.900', '脑梗死'),
      dx('G20.x00', '帕金森病'),
      dx('G40.900', '癫痫'),
      dx('G30.900', '阿尔茨海默病'),
      dx('G70.000', '重症肌无力')
    ],
    secondary: [dx('I10.x00', '高血压')]
  },
  脾胃病科: {
    main: [
      dx('K29.400', '慢性萎缩性胃炎'),
      dx('K51.900', '溃疡性结肠炎'),
      dx('K27.900', '消化性溃疡'),
      dx('K74.600', '肝硬化')
    ],
    secondary: [dx('B98.000', '幽门螺杆菌感染')]
  },
  针灸科: {
    main: [
      dx('I69.300', '脑梗死后遗症'),
      dx('M17.900', '膝关节骨关节炎'),
      dx('G51.000', '面神经麻痹'),
      dx('M54.500', '腰痛')
    ],
    secondary: [dx('I10.x00', '高血压')]
  },
  儿科: {
    main: [dx('J45.900', '支气管哮喘'), dx('G40.900', '癫痫'), dx('F84.000', '儿童孤独症'), dx('G80.900', '脑性瘫痪')],
    secondary: [dx('J06.900', '急性上呼吸道感染')]
  }
};

export const paediatricDepartment = '儿科';
/** Patients younger than this are seen in 儿科 only. */
export const paediatricAgeLimit = 14;
