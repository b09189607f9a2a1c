import { asc, eq } from 'drizzle-orm';
import type { ApplicationKind } from '../../domain/application';
import { attachmentKindLabels } from '../../domain/attachments';
import { chinaDate } from '../../domain/dates';
import {
  applicationAttachmentsResponseSchema,
  hisDoctorSearchSchema,
  hisDoctorsResponseSchema,
  hisVisitsResponseSchema,
  medicationRecordsResponseSchema,
  type MedicationRecord
} from '../../domain/review-context';
import { attachments, patients } from '../../db/schema';
import type { HisAdapter } from '../../his/his-adapter';
import { HisError } from '../../his/his-adapter';
import type { ApiModule } from '../app';
import { ApiError, conflict, notFound } from '../errors';
import { idParamsSchema, loadApplicationFor, type ApplicationActionDependencies } from './application-actions';

export interface ReviewContextDependencies extends ApplicationActionDependencies {
  his: HisAdapter;
  /** 5205 for the reviewing doctor. */
  medicationRecords: (input: {
    psnNo: string;
    insuplcAdmdvs: string;
    since: string;
    applicationNo: string;
  }) => Promise<MedicationRecord[]>;
}

const kinds: { kind: ApplicationKind; basePath: string; tag: string }[] = [
  { kind: 'chronic', basePath: '/api/chronic-applications', tag: '门诊慢特病申请' },
  { kind: 'dual_channel', basePath: '/api/dual-channel-applications', tag: '双通道特药申请' }
];

/** How far back the reviewer looks into the patient's visits and medication. */
const lookBackDays = 365;

function hisFailure(error: unknown): unknown {
  if (error instanceof HisError) {
    return new ApiError(503, 'HIS_UNAVAILABLE', 'HIS 系统暂不可用，请稍后再试');
  }
  return error;
}

/**
 * What a doctor reviews beside the application: the patient's visits in the HIS, the Yibao 5205
 * medication records (dual-channel here; chronic in its own module), the uploaded materials, and the
 * HIS doctor search for the second doctor of a dual-channel filing.
 */
export function createReviewContextModule(deps: ReviewContextDependencies): ApiModule {
  const { db, fieldCrypto } = deps;
  const since = () => chinaDate(new Date(Date.now() - lookBackDays * 86_400_000));

  return {
    register(routes) {
      for (const { kind, basePath, tag } of kinds) {
        routes.route({
          method: 'get',
          path: `${basePath}/:id/his-visits`,
          summary: '患者近一年在本院的就诊记录（HIS，供审核医生参考）',
          tags: [tag],
          access: { signedIn: 'staff', action: 'review', subject: 'Application' },
          params: idParamsSchema,
          response: hisVisitsResponseSchema,
          errors: { 404: '申请单不存在', 503: 'HIS 系统暂不可用' },
          handler: async ({ params, user, ability, request }) => {
            const row = await loadApplicationFor(db, user!, ability, params.id, kind, 'review', {
              ip: request.ip ?? null
            });
            const [patient] = await db
              .select({ idNoEnc: patients.idNoEnc })
              .from(patients)
              .where(eq(patients.id, row.patientId));
            if (!patient) throw notFound('申请单不存在');
            const from = since();
            try {
              const items = await deps.his.listVisits({ idNo: fieldCrypto.decrypt(patient.idNoEnc), since: from });
              return { body: { since: from, items } };
            } catch (error) {
              throw hisFailure(error);
            }
          }
        });

        routes.route({
          method: 'get',
          path: `${basePath}/:id/attachments`,
          summary: '申请单的申请材料列表（内容经 GET /api/attachments/{id} 获取）',
          tags: [tag],
          access: { signedIn: 'staff', action: 'read', subject: 'Application' },
          params: idParamsSchema,
          response: applicationAttachmentsResponseSchema,
          errors: { 404: '申请单不存在' },
          handler: async ({ params, user, ability, request }) => {
            const row = await loadApplicationFor(db, user!, ability, params.id, kind, 'read', {
              ip: request.ip ?? null
            });
            const found = await db
              .select()
              .from(attachments)
              .where(eq(attachments.applicationId, row.id))
              .orderBy(asc(attachments.uploadedAt));
            return {
              body: {
                items: found.map(item => ({
                  id: item.id,
                  kind: item.kind,
                  kindLabel: attachmentKindLabels[item.kind],
                  contentType: item.contentType,
                  sizeBytes: item.sizeBytes,
                  uploadedAt: item.uploadedAt.toISOString()
                }))
              }
            };
          }
        });
      }

      routes.route({
        method: 'get',
        path: '/api/dual-channel-applications/:id/medication-records',
        summary: '参保人用药记录（医保 5205，供双通道审核医生参考）',
        tags: ['双通道特药申请'],
        access: { signedIn: 'staff', action: 'review', subject: 'Application' },
        params: idParamsSchema,
        response: medicationRecordsResponseSchema,
        errors: { 404: '申请单不存在', 409: '参保身份尚未核验' },
        handler: async ({ params, user, ability, request }) => {
          const row = await loadApplicationFor(db, user!, ability, params.id, 'dual_channel', 'review', {
            ip: request.ip ?? null
          });
          if (!row.psnNo || !row.insuplcAdmdvs) throw conflict('参保身份尚未核验，暂不能查询用药记录');
          const items = await deps.medicationRecords({
            psnNo: row.psnNo,
            insuplcAdmdvs: row.insuplcAdmdvs,
            since: since(),
            applicationNo: row.applicationNo
          });
          return { body: { items } };
        }
      });

      routes.route({
        method: 'get',
        path: '/api/his/doctors',
        summary: 'HIS 在职医生查询（按姓名或工号开头、科室；用于选择双通道申请的医师2）',
        tags: ['医生权限'],
        access: { signedIn: 'staff', action: 'review', subject: 'Application' },
        query: hisDoctorSearchSchema,
        response: hisDoctorsResponseSchema,
        errors: { 503: 'HIS 系统暂不可用' },
        handler: async ({ query }) => {
          try {
            const found = await deps.his.listDoctors({
              ...(query.query ? { query: query.query } : {}),
              ...(query.department ? { department: query.department } : {})
            });
            return { body: { items: found.filter(doctor => doctor.active).slice(0, 50) } };
          } catch (error) {
            throw hisFailure(error);
          }
        }
      });
    }
  };
}
