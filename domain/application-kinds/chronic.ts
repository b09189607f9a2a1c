import { z } from 'zod';
import {
  applicationDetailFields,
  applicationListFilterSchema,
  applicationPeriodFields,
  applicationSummarySchema,
  filedDoctorSchema,
  mobilePhoneSchema,
  reviewApplicationSchema
} from '../application';
import { attachmentSummarySchema } from '../attachments';
import type { ApplicationKindDefinition } from './kind-definition';

/** 门诊慢特病: one disease, assessed by one institution; filed over 2503, queried by 5301, revoked by 2504. */

/** What a patient submits; anything else (status, reviewer, owner…) is refused, not ignored. */
export const createChronicApplicationSchema = z
  .object({
    ...applicationPeriodFields,
    diseaseCode: z.string().trim().min(1).max(30).describe('门诊慢特病病种编码'),
    institutionCode: z.string().trim().min(1).max(30).describe('鉴定定点医药机构编码'),
    phone: mobilePhoneSchema.describe('联系电话'),
    address: z.string().trim().min(2, '请填写联系地址').max(200).describe('联系地址'),
    attachmentIds: z.array(z.uuid()).max(10).optional().describe('已上传的诊断证明材料')
  })
  .strict()
  .refine(body => !body.endDate || body.endDate >= body.beginDate, {
    message: '结束日期不能早于开始日期',
    path: ['endDate']
  });
export type CreateChronicApplication = z.infer<typeof createChronicApplicationSchema>;

export const chronicListFilterSchema = applicationListFilterSchema.extend({
  diseaseCode: z.string().max(30).optional()
});
export type ChronicListFilter = z.infer<typeof chronicListFilterSchema>;

export const chronicApplicationSummarySchema = applicationSummarySchema.extend({
  diseaseCode: z.string(),
  diseaseName: z.string()
});

export const chronicApplicationDetailSchema = chronicApplicationSummarySchema.extend({
  ...applicationDetailFields,
  institutionCode: z.string(),
  institutionName: z.string(),
  phone: z.string().describe('联系电话（脱敏）'),
  address: z.string().describe('联系地址（脱敏；完整值经 reveal 接口查看并留审计记录）'),
  assessmentDate: z.string().nullable().describe('医院鉴定日期（医生审核通过之日）'),
  diagnosingDoctor: filedDoctorSchema.nullable().describe('诊断医师（审核医生，取自 HIS）'),
  /** The materials uploaded with the application (diagnosis proof, discharge summary…). */
  attachments: z.array(attachmentSummarySchema).describe('申请材料（内容经附件接口下载）')
});
export type ChronicApplicationDetail = z.infer<typeof chronicApplicationDetailSchema>;

export const chronicKind = {
  id: 'chronic',
  label: '门诊慢特病',
  applicationNoPrefix: 'MT',
  workflowIdPrefix: 'chronic',
  apiPath: '/api/chronic-applications',
  apiTag: '门诊慢特病申请',
  pageSegment: 'chronic',
  listColumns: { subject: '病种', institution: '鉴定机构' },
  review: {
    by: 'department',
    deniedMessage: '您无权审核该申请单',
    secondDoctor: false,
    approvalSummary: '医生审核（通过后自动报送医保 2503）'
  },
  documentsBeforeFiling: false,
  medicationRecords: true,
  duplicateMessage: '该就诊人已有同一病种的申请正在办理中',
  schemas: {
    create: createChronicApplicationSchema,
    review: reviewApplicationSchema,
    listFilter: chronicListFilterSchema,
    summary: chronicApplicationSummarySchema,
    detail: chronicApplicationDetailSchema
  }
} as const satisfies ApplicationKindDefinition;
