/**
 * Answers for the pages the smoke test opens, typed by the server's own schemas so they stay what the API
 * sends.
 */
import type { ChronicApplicationDetail } from '../../domain/application-kinds/chronic';
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
    chargedAt: '2026-11-10 09:00:00',
    institutionName: '江西中医药大学附属医院',
    drugCode: 'XC08CAB037A001020180517',
    drugName: '盐酸贝尼地平片',
    specification: '4mg*14片',
    quantity: 2,
    unitPrice: 15.8
  }
];

const page = <T>(items: T[]) => ({ items, total: items.length, page: 1, pageSize: 50 });
const uuid = '[0-9a-f-]{36}';

export const mpFixtures = {
  patientSession,
  doctorSession,
  chronicSummary,
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
      path: new RegExp(`^/api/chronic-applications/${uuid}/medication-records$`),
      body: { items: records }
    },
    { method: 'GET', path: /^\/api\/auth\/wechat\/binding$/, body: { bound: false } }
  ] satisfies StubbedAnswer[]
};
