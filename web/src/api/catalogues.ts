import type { Disease, DualChannelInstitution, Institution, SpecialDrug } from '@domain/catalogues';
import { request } from './request';

export function fetchDiseases(q?: string) {
  return request<{ items: Disease[] }>('GET', '/api/diseases', { query: { q } });
}

export function fetchInstitutions() {
  return request<{ items: Institution[] }>('GET', '/api/institutions');
}

export function fetchSpecialDrugs() {
  return request<{ items: SpecialDrug[] }>('GET', '/api/special-drugs');
}

export function fetchDualChannelInstitutions() {
  return request<{ items: DualChannelInstitution[] }>('GET', '/api/dual-channel-institutions');
}
