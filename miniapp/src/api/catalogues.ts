import { z } from 'zod';
import { diseaseSchema, institutionSchema } from '../../../domain/catalogues';
import { dualChannelInstitutionSchema, specialDrugSchema } from '../../../domain/catalogues';
import { apiCall } from './client';

const itemsOf = <S extends z.ZodType>(item: S) => z.object({ items: z.array(item) });

export function fetchDiseases() {
  return apiCall('GET', '/api/diseases', { schema: itemsOf(diseaseSchema) });
}

export function fetchInstitutions() {
  return apiCall('GET', '/api/institutions', { schema: itemsOf(institutionSchema) });
}

export function fetchSpecialDrugs() {
  return apiCall('GET', '/api/special-drugs', { schema: itemsOf(specialDrugSchema) });
}

export function fetchDualChannelInstitutions() {
  return apiCall('GET', '/api/dual-channel-institutions', { schema: itemsOf(dualChannelInstitutionSchema) });
}
