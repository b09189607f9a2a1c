import type { FilingPerson } from '../../domain/filing-outcome';
import type { CallContext } from '../client';

/** A filing call's context: logged under the application and the patient's ID number, in the person's 参保地. */
export function filingCallContext(person: FilingPerson, attempt?: number): CallContext {
  return {
    applicationNo: person.applicationNo,
    attempt,
    insuplcAdmdvs: person.insuredAreaCode,
    patient: { certNo: person.idNo }
  };
}
