import { z } from 'zod';

/** What the hash-chained audit log records (等保 8.1.4.3), and the minors' access grants beside it. */
export const auditActions = [
  'sign_in',
  'sign_in_failed',
  'lockout',
  'logout',
  'password_change',
  'totp_enrolled',
  'wechat_bind',
  'wechat_unbind',
  'patient_link',
  'patient_unlink',
  'consent',
  'consent_withdrawn',
  'review',
  'filing',
  'revocation',
  'reveal',
  'permission_change',
  'role_change',
  'export',
  'minor_record_access',
  'minor_access_request',
  'minor_access_approve',
  'audit_verify',
  'audit_purge',
  'catalogue_change',
  'yibao_sign_in',
  'yibao_sign_out'
] as const;
export type AuditAction = (typeof auditActions)[number];
export const auditOutcomes = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

export const auditActionLabels: Record<AuditAction, string> = {
  sign_in: '登录',
  sign_in_failed: '登录失败',
  lockout: '账号锁定',
  logout: '退出登录',
  password_change: '修改密码',
  totp_enrolled: '开通动态口令',
  wechat_bind: '绑定微信',
  wechat_unbind: '解绑微信',
  patient_link: '绑定就诊人',
  patient_unlink: '解除就诊人',
  consent: '授权同意',
  consent_withdrawn: '撤回同意',
  review: '医生审核',
  filing: '医保报送',
  revocation: '撤销备案',
  reveal: '查看完整个人信息',
  permission_change: '权限变更',
  role_change: '角色变更',
  export: '导出',
  minor_record_access: '访问未成年人信息',
  minor_access_request: '申请查看未成年人信息',
  minor_access_approve: '批准查看未成年人信息',
  audit_verify: '校验审计日志',
  audit_purge: '清理过期审计日志',
  catalogue_change: '目录维护',
  yibao_sign_in: '医保签到',
  yibao_sign_out: '医保签退'
};

/** What an audit row is about, spelled one way (snake_case) so that a search by type finds every row. */
export const auditTargetTypes = [
  'application',
  'application_list',
  'interface_log',
  'user_account',
  'patient',
  'doctor',
  'yibao_operator',
  'disease_catalogue',
  'institution',
  'special_drug',
  'dual_channel_institution',
  'audit_log',
  'minor_access_grant',
  'minor_report'
] as const;
export type AuditTargetType = (typeof auditTargetTypes)[number];

export const auditTargetLabels: Record<AuditTargetType, string> = {
  application: '申请单',
  application_list: '申请单列表',
  interface_log: '接口日志',
  user_account: '员工账号',
  patient: '就诊人',
  doctor: '医生',
  yibao_operator: '医保经办人',
  disease_catalogue: '病种目录',
  institution: '定点医药机构',
  special_drug: '特药目录',
  dual_channel_institution: '双通道机构',
  audit_log: '审计日志',
  minor_access_grant: '未成年人访问申请',
  minor_report: '未成年人年度报告'
};

/**
 * Spellings rows were written with before the target type was typed. The rows stay as written (each is
 * hashed into the chain, and the chain forbids rewriting); a search by a type also finds these.
 */
const legacyTargetSpellings: Partial<Record<AuditTargetType, string[]>> = {
  user_account: ['UserAccount'],
  patient: ['Patient'],
  audit_log: ['AuditLog'],
  minor_access_grant: ['MinorAccessGrant'],
  minor_report: ['MinorReport']
};

/** Every spelling a stored row of this type may carry. */
export function auditTargetSpellings(type: string): string[] {
  return [type, ...(legacyTargetSpellings[type as AuditTargetType] ?? [])];
}

/** The type of a stored row, whichever spelling it was written with. */
export function auditTargetTypeOf(stored: string): AuditTargetType | undefined {
  return auditTargetTypes.find(type => auditTargetSpellings(type).includes(stored));
}

export const auditOutcomeLabels: Record<AuditOutcome, string> = {
  success: '成功',
  failure: '失败',
  denied: '拒绝'
};

export const auditRowSchema = z.object({
  id: z.number(),
  at: z.string(),
  actorAccountId: z.string().nullable(),
  /** The actor's name and staff number, so nobody reads raw account ids. */
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  /** The target as people name it (a staff member, an application number); null where it has no such name. */
  targetLabel: z.string().nullable(),
  outcome: z.string(),
  ip: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  hash: z.string()
});
export type AuditRow = z.infer<typeof auditRowSchema>;

export const auditPageSchema = z.object({
  items: z.array(auditRowSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number()
});

export const auditVerificationSchema = z.object({
  valid: z.boolean(),
  checked: z.number(),
  firstBrokenId: z.number().optional()
});

export const minorAccessPurposes = ['review', 'filing', 'patient_service', 'audit', 'other'] as const;
export const minorAccessPurposeLabels: Record<(typeof minorAccessPurposes)[number], string> = {
  review: '医生审核',
  filing: '医保报送',
  patient_service: '患者服务',
  audit: '审计',
  other: '其他'
};

export const minorAccessGrantSchema = z.object({
  id: z.string(),
  staffAccountId: z.string(),
  staffName: z.string(),
  patientId: z.string(),
  patientName: z.string().describe('脱敏姓名'),
  purpose: z.enum(minorAccessPurposes),
  reason: z.string(),
  requestedAt: z.string(),
  approvedAt: z.string().nullable(),
  validUntil: z.string()
});
export type MinorAccessGrant = z.infer<typeof minorAccessGrantSchema>;

export const minorsReportSchema = z.object({
  year: z.number(),
  generatedAt: z.string(),
  minorPatients: z.object({ onRecordAtYearEnd: z.number(), under14AtYearEnd: z.number(), linkedInYear: z.number() }),
  consents: z.object({ guardian: z.number(), healthData: z.number(), withdrawn: z.number() }),
  accessGrants: z.array(z.object({ purpose: z.string(), requested: z.number(), approved: z.number() })),
  accesses: z.object({ granted: z.number(), denied: z.number(), staffMembers: z.number(), patients: z.number() })
});
export type MinorsReport = z.infer<typeof minorsReportSchema>;
