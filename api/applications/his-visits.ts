import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { chinaDateDaysBefore } from '../../domain/china-time';
import { hisVisitSchema } from '../../domain/his';
import { patients } from '../../db/schema';
import type { HisAdapter } from '../../his/his-adapter';
import { notFound } from '../errors';
import type { ApiRoutes } from '../route';
import { idParamsSchema, loadApplicationFor, type ApplicationActionDependencies } from './application-actions';

/** How far back the reviewing doctor sees the patient's visits. */
const visitsLookBackDays = 730;

/**
 * The patient's visits in the hospital (HIS) for the doctor reviewing an application of any kind: the same
 * scope as the review itself, so only the doctors who may review it (and with a minor, an approved access
 * grant). A HIS outage answers 503 through the error middleware.
 */
export function registerHisVisitsRoute(
  routes: ApiRoutes,
  options: { basePath: string; kind: string; tag: string },
  deps: ApplicationActionDependencies & { his: HisAdapter }
): void {
  routes.route({
    method: 'get',
    path: `${options.basePath}/:id/his-visits`,
    summary: '患者在本院的就诊记录（HIS，近两年，供审核医生参考）',
    tags: [options.tag],
    access: { signedIn: 'staff', action: 'review', subject: 'Application' },
    params: idParamsSchema,
    response: z.object({ items: z.array(hisVisitSchema) }),
    errors: { 404: '申请单不存在', 503: 'HIS 暂不可用' },
    handler: async ({ params, user, ability, request }) => {
      const row = await loadApplicationFor(deps.db, user!, ability, params.id, options.kind, 'review', {
        ip: request.ip ?? null
      });
      const [patient] = await deps.db
        .select({ idNoEnc: patients.idNoEnc })
        .from(patients)
        .where(eq(patients.id, row.patientId));
      if (!patient) throw notFound('申请单不存在');
      const items = await deps.his.listVisits({
        idNo: deps.fieldCrypto.decrypt(patient.idNoEnc),
        since: chinaDateDaysBefore(new Date(), visitsLookBackDays)
      });
      return { body: { items } };
    }
  });
}
