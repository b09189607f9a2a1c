import type { z } from 'zod';
import type { doctorPermissionSchema } from '@domain/doctor-permissions';
import { request } from './request';

export type DoctorPermission = z.infer<typeof doctorPermissionSchema>;

export function fetchDoctors() {
  return request<{ items: DoctorPermission[] }>('GET', '/api/doctors');
}

export function fetchSetDualChannelPermission(id: string, granted: boolean) {
  return request<DoctorPermission>(granted ? 'PUT' : 'DELETE', `/api/doctors/${id}/dual-channel-permission`);
}
