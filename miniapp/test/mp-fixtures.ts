/**
 * Answers for the pages the smoke test opens, typed by the server's own schemas so they stay what the API
 * sends.
 */
import type { ChronicApplicationDetail } from '../../domain/application-kinds/chronic';
import type { DualChannelApplicationDetail } from '../../domain/application-kinds/dual-channel';
import type { HelpArticle, HelpArticleSummary, HelpMaterials, HelpStatusExplanation } from '../../domain/help';
import type { Disease, DualChannelInstitution, Institution, SpecialDrug } from '../../domain/catalogues';
import type { HisVisit } from '../../domain/his';
import type { MedicationRecord } from '../../domain/medication-record';
import type { LinkedPatient } from '../../domain/patients';
import type { SignInResponse } from '../../domain/sign-in';

export interface StubbedAnswer {
  method: string;
  path: RegExp;
  body: unknown;
}

const id = '6f1c1f7e-5d6b-4a43-9d2c-0a8e1b2c3d4e';
const patientId = '0b8f2c1a-7e44-4f59-8a63-2d1e5f6a7b8c';

const patientSession: SignInResponse = {
  token: 'patient-token-patient-token-1234',
  user: {
    accountId: '9c0e6f0a-1b2c-4d3e-8f4a-5b6c7d8e9f00',
    kind: 'patient',
    roles: ['patient'],
    displayName: '139****1001',
    dualChannelReviewer: false
  }
};
const doctorSession: SignInResponse = {
  token: 'doctor-token-doctor-token-123456',
  user: {
    accountId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    kind: 'staff',
    roles: ['doctor'],
    displayName: '李秀英',
    staffNo: 'D1002',
    department: '心血管内科',
    dualChannelReviewer: false
  }
};

const persons: LinkedPatient[] = [
  {
    id: patientId,
    relation: 'self',
    name: '张*',
    idNo: '3601**********0231',
    sex: 'male',
    minor: false,
    consentsRequired: [],
    consents: []
  },
  {
    id: '7d6c5b4a-3f2e-4d1c-9b8a-7f6e5d4c3b2a',
    relation: 'child',
    name: '朱**',
    idNo: '3601**********7635',
    sex: 'male',
    minor: true,
    consentsRequired: ['guardian', 'health_data'],
    consents: []
  }
];

const submittedAt = '2026-11-29T02:30:00.000Z';
const chronicSummary = {
  id,
  kind: 'chronic' as const,
  applicationNo: 'MT20261129000001',
  status: 'under_review' as const,
  statusLabel: '医生审核中',
  patientId,
  patientName: '张*',
  patientIdNo: '3601**********0231',
  submittedAt,
  updatedAt: submittedAt,
  diseaseCode: 'M03900',
  diseaseName: '高血压病'
};

const chronicDetail: ChronicApplicationDetail = {
  ...chronicSummary,
  yibaoSyncStatus: 'person_verified',
  institutionCode: 'H36010200015',
  institutionName: '江西中医药大学附属医院',
  phone: '139****1001',
  address: '南昌市东湖区****',
  beginDate: '2026-11-29',
  endDate: null,
  assessmentDate: null,
  diagnosingDoctor: null,
  insuredPersonNo: '36000000000000000001',
  insuranceType: '310',
  insuredAreaCode: '360100',
  filingSn: null,
  reviewDecision: null,
  reviewOpinion: null,
  reviewerName: null,
  failureReason: null,
  workflowId: 'chronic-MT20261129000001',
  filedAt: null,
  decidedAt: null,
  statusHistory: [
    { from: null, to: 'submitted', detail: '提交申请', actor: null, at: submittedAt },
    { from: 'submitted', to: 'under_review', detail: '参保身份核验通过', actor: null, at: submittedAt }
  ],
  attachments: [
    {
      id: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
      kind: 'diagnosis_proof',
      kindLabel: '疾病诊断证明书',
      contentType: 'image/jpeg',
      sizeBytes: 107_520,
      uploadedAt: submittedAt
    }
  ]
};

const dualChannelId = '5e4d3c2b-1a09-4f8e-8d7c-6b5a4f3e2d1c';
const dualChannelSummary = {
  id: dualChannelId,
  kind: 'dual_channel' as const,
  applicationNo: 'SD20261129000001',
  status: 'under_review' as const,
  statusLabel: '医生审核中',
  patientId: '7d6c5b4a-3f2e-4d1c-9b8a-7f6e5d4c3b2a',
  patientName: '刘*',
  patientIdNo: '3601**********2245',
  submittedAt,
  updatedAt: submittedAt,
  drugNames: ['甲磺酸奥希替尼片']
};

const dualChannelDetail: DualChannelApplicationDetail = {
  ...dualChannelSummary,
  yibaoSyncStatus: 'person_verified',
  beginDate: '2026-11-29',
  endDate: '2027-11-28',
  applicationDate: '2026-11-29',
  insuredPersonNo: '36000000000000000002',
  insuranceType: '310',
  insuredAreaCode: '360199',
  filingSn: null,
  reviewDecision: null,
  reviewOpinion: null,
  reviewerName: null,
  failureReason: null,
  workflowId: 'dual-SD20261129000001',
  filedAt: null,
  decidedAt: null,
  statusHistory: [{ from: null, to: 'submitted', detail: '提交申请', actor: null, at: submittedAt }],
  phone: '139****1003',
  address: '南昌市青山湖区****',
  employerNo: '36010012345',
  proposedDiagnosisBasis: '肺腺癌，EGFR 19号外显子突变',
  diagnosisBasis: null,
  applicationLimits: [],
  drugs: [{ code: 'XL01XEA298A001010105487', name: '甲磺酸奥希替尼片', specification: '80mg*30片' }],
  institutions: [{ code: 'H36010200015', name: '江西中医药大学附属医院', poolingAreaCode: '360100' }],
  agent: {
    name: '张*',
    documentType: '01',
    documentNo: '3601**********0231',
    phone: '139****1001',
    relation: '01',
    address: null
  },
  doctor1: null,
  doctor2: null,
  eform: null
};

const helpArticles: HelpArticleSummary[] = [
  {
    slug: 'policy-chronic',
    title: '门诊慢特病政策',
    audience: ['patient', 'doctor'],
    category: 'policy',
    categoryLabel: '政策解读',
    summary: '什么是门诊慢特病，谁可以申请。',
    updated: '2026-11-25',
    order: 10
  },
  {
    slug: 'materials-diabetes',
    title: '糖尿病要准备的材料',
    audience: ['patient', 'doctor'],
    category: 'materials',
    categoryLabel: '材料清单',
    summary: '糖尿病伴有并发症申请时要准备的材料。',
    updated: '2026-11-25',
    order: 20
  },
  {
    slug: 'faq-apply',
    title: '申请常见问题',
    audience: ['patient'],
    category: 'faq',
    categoryLabel: '常见问题',
    summary: '申请时常问的问题。',
    updated: '2026-11-25',
    order: 10
  }
];

const helpArticle: HelpArticle = {
  ...helpArticles[1]!,
  keywords: ['tnb'],
  html: [
    '<p>除了<a href="/help/materials-chronic-general" data-help-slug="materials-chronic-general">每个病种都要准备的材料</a>，还要准备：</p>',
    '<ul>',
    '<li><strong>近一年内 3 次门诊降糖治疗记录</strong></li>',
    '</ul>'
  ].join('\n'),
  markdown: '除了[每个病种都要准备的材料](materials-chronic-general.md)，还要准备：',
  frontMatter: {
    title: '糖尿病要准备的材料',
    slug: 'materials-diabetes',
    audience: ['patient', 'doctor'],
    category: 'materials',
    summary: '糖尿病伴有并发症申请时要准备的材料。',
    updated: '2026-11-25',
    order: 20,
    keywords: ['tnb'],
    sources: []
  },
  sections: [],
  sources: [],
  screenshots: [],
  toConfirm: []
};

const helpMaterials: HelpMaterials = {
  kind: 'chronic',
  disease: { code: 'M01600', name: '糖尿病' },
  matchedBy: 'code',
  diseaseClass: '糖尿病伴有并发症',
  groups: [
    {
      title: '每个病种都要准备',
      slug: 'materials-chronic-general',
      articleTitle: '慢特病通用材料',
      items: [{ name: '疾病诊断证明书或出院小结', required: true, source: 'jx-chronic' }]
    },
    {
      title: '糖尿病伴有并发症',
      slug: 'materials-diabetes',
      articleTitle: '糖尿病要准备的材料',
      items: [{ name: '近一年内 3 次门诊降糖治疗记录', required: true, source: 'jx-chronic' }]
    }
  ],
  notice: '材料要求以医保办的最新通知为准。',
  sources: []
};

const helpStatuses: HelpStatusExplanation[] = [
  {
    status: 'under_review',
    label: '医生审核中',
    meaning: '申请已经交给相关科室的医生审核。',
    whatToDo: '请耐心等待。',
    slug: 'application-statuses'
  },
  {
    status: 'filed',
    label: '已报送医保，待医保局审核',
    meaning: '江西省医保平台已经收到这份备案。',
    whatToDo: '请耐心等待。',
    slug: 'application-statuses'
  }
];

const diseases: Disease[] = [
  { code: 'M03900', name: '高血压病', majorClassName: '高血压', admdvs: '360100', valid: true, version: '1' }
];
const institutions: Institution[] = [
  {
    code: 'H36010200015',
    name: '江西中医药大学附属医院',
    level: '三级甲等',
    admdvs: '360102',
    address: '南昌市东湖区八一大道445号',
    valid: true
  }
];
const drugs: SpecialDrug[] = [
  {
    code: 'XL01XEA298A001010105487',
    name: '甲磺酸奥希替尼片',
    specification: '80mg*30片',
    manufacturer: null,
    indications: null,
    valid: true
  }
];
const dualChannelInstitutions: DualChannelInstitution[] = [
  { code: 'H36010200015', name: '江西中医药大学附属医院', poolingAreaCode: '360100', valid: true }
];
const visits: HisVisit[] = [
  {
    visitNo: 'V202611010001',
    visitDate: '2026-11-01',
    department: '心血管内科',
    doctorStaffNo: 'D1002',
    doctorName: '李秀英',
    diagnoses: [{ code: 'I10.x00', name: '高血压' }],
    visitType: '门诊'
  }
];
const records: MedicationRecord[] = [
  {
    chargeItemSn: '20261110093100000301',
    prescriptionNo: 'RX20261110093100003',
    institutionCode: 'H36010200015',
    institutionName: '江西中医药大学附属医院',
    insuredPersonNo: '36000000000000000001',
    medicalType: '14',
    chargedAt: '2026-11-10 09:31:00',
    quantity: 2,
    unitPrice: 15.8,
    chargeLevel: '2',
    insuranceListCode: 'XC08CAB037A001020180517',
    drugName: '盐酸贝尼地平片',
    catalogueType: '101',
    drugCode: 'XC08CAB037A001020180517',
    hospitalItemCode: 'YP0103',
    hospitalItemName: '盐酸贝尼地平片',
    chargeItemType: '09',
    brandName: null,
    specification: '4mg*14片',
    dosageForm: '片剂',
    restrictedUse: false,
    hospitalPreparation: false,
    hospitalApproval: '0',
    tcmUsage: null,
    originType: '1',
    essentialDrug: true,
    negotiatedDrug: false,
    childrenMedicine: false,
    externalTest: false,
    externalTestHospitalCode: null,
    dischargeMedication: false,
    specialCatalogueItem: false,
    maternityFee: false
  }
];

const page = <T>(items: T[]) => ({ items, total: items.length, page: 1, pageSize: 50 });
const uuid = '[0-9a-f-]{36}';

export const mpFixtures = {
  patientSession,
  doctorSession,
  chronicSummary,
  dualChannelSummary,
  answers: [
    { method: 'GET', path: /^\/api\/me\/patients$/, body: { items: persons } },
    { method: 'GET', path: /^\/api\/diseases$/, body: { items: diseases } },
    { method: 'GET', path: /^\/api\/institutions$/, body: { items: institutions } },
    { method: 'GET', path: /^\/api\/special-drugs$/, body: { items: drugs } },
    { method: 'GET', path: /^\/api\/dual-channel-institutions$/, body: { items: dualChannelInstitutions } },
    { method: 'POST', path: /^\/api\/chronic-applications\/search$/, body: page([chronicSummary]) },
    { method: 'POST', path: /^\/api\/dual-channel-applications\/search$/, body: page([]) },
    { method: 'GET', path: new RegExp(`^/api/chronic-applications/${uuid}$`), body: chronicDetail },
    { method: 'GET', path: new RegExp(`^/api/chronic-applications/${uuid}/his-visits$`), body: { items: visits } },
    {
      method: 'GET',
      // Every kind whose reviewers see 5205 (its definition's `medicationRecords`).
      path: new RegExp(`^/api/(chronic|dual-channel)-applications/${uuid}/medication-records$`),
      body: { from: '2025-11-29', to: '2026-11-29', items: records }
    },
    { method: 'GET', path: new RegExp(`^/api/dual-channel-applications/${uuid}$`), body: dualChannelDetail },
    { method: 'GET', path: new RegExp(`^/api/dual-channel-applications/${uuid}/his-visits$`), body: { items: visits } },
    { method: 'GET', path: /^\/api\/auth\/wechat\/binding$/, body: { bound: false } },
    { method: 'GET', path: /^\/api\/help\/articles$/, body: { items: helpArticles, version: '0123456789abcdef' } },
    { method: 'GET', path: /^\/api\/help\/articles\/[a-z0-9-]+$/, body: helpArticle },
    { method: 'GET', path: /^\/api\/help\/materials$/, body: helpMaterials },
    { method: 'GET', path: /^\/api\/help\/statuses$/, body: { items: helpStatuses } }
  ] satisfies StubbedAnswer[]
};
