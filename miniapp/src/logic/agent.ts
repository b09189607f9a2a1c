/**
 * The 代办人 (agent) of a dual-channel application for someone else is the account holder; the relation code
 * (2511 `agnter_rlts`) is the agent's relation to the applicant, the inverse of how the applicant was linked.
 */
import type { PatientRelation } from '../../../domain/consent';
import { agentRelationLabels } from '../../../domain/application-kinds/dual-channel';

export const agentRelationChoices = ['01', '02', '03', '04', '99'].map(code => ({
  code,
  label: agentRelationLabels[code] ?? code
}));

/** Linked as my child → I am the parent (03); my parent → I am the child (02); my spouse → spouse (01). */
export function agentRelationFor(linkedAs: PatientRelation): string {
  switch (linkedAs) {
    case 'child':
      return '03';
    case 'parent':
      return '02';
    case 'spouse':
      return '01';
    case 'self':
    case 'other':
      return '99';
  }
}
