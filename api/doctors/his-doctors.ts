import { z } from 'zod';
import { hisDoctorFilterSchema, hisDoctorSchema } from '../../domain/his';
import type { HisAdapter } from '../../his/his-adapter';
import type { ApiModule } from '../app';

/** How many doctors one search answers: enough to pick from, a narrower query finds the rest. */
const maxDoctors = 50;

/**
 * The HIS's doctors in service, searched by name or the start of the 工号 and by department: the reviewer
 * picks the second doctor of a filing whose kind names one (2511 医师2) from here. A HIS outage answers 503
 * through the error middleware.
 */
export function createHisDoctorsModule(deps: { his: HisAdapter }): ApiModule {
  return {
    register(routes) {
      routes.route({
        method: 'get',
        path: '/api/his/doctors',
        summary: 'HIS 在职医生查询（按姓名或工号开头、科室；审核时选择第二位医师）',
        tags: ['医生权限'],
        access: { signedIn: 'staff', action: 'review', subject: 'Application' },
        query: hisDoctorFilterSchema.strict(),
        response: z.object({ items: z.array(hisDoctorSchema) }),
        errors: { 503: 'HIS 暂不可用' },
        handler: async ({ query }) => {
          const found = await deps.his.listDoctors(query);
          return { body: { items: found.filter(doctor => doctor.active).slice(0, maxDoctors) } };
        }
      });
    }
  };
}
