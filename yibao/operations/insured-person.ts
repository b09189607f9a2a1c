import type { InsuredPersonCheck } from '../../domain/filing-outcome';
import type { CallContext, YibaoClient } from '../client';
import { YibaoBusinessError } from '../errors';
import { primaryInsurance, type PersonInfo } from '../transactions/1101-person-info';

/** 【1101】 by the 居民身份证: what the platform holds of the person. */
async function personInfo(
  client: YibaoClient,
  person: { idNo: string; name: string },
  context: CallContext = {}
): Promise<PersonInfo> {
  const { data } = await client.getPersonInfo(
    { mdtrtCertType: '02', mdtrtCertNo: person.idNo, psnCertType: '01', certno: person.idNo, psnName: person.name },
    context
  );
  return data;
}

/**
 * Before review: the patient must be insured under this name. A refusal by the platform (unknown person) is
 * an answer, not a failure; 1101 changes nothing, so any other error may simply be retried.
 */
export async function verifyInsuredPerson(
  client: YibaoClient,
  query: { applicationNo: string; idNo: string; name: string }
): Promise<InsuredPersonCheck> {
  let person: PersonInfo;
  try {
    person = await personInfo(client, query, { applicationNo: query.applicationNo });
  } catch (error) {
    if (error instanceof YibaoBusinessError && !error.retryable) return { ok: false, reason: error.message };
    throw error;
  }
  if (person.baseinfo.psnName !== query.name) return { ok: false, reason: '姓名与医保登记信息不一致' };
  const insurance = primaryInsurance(person);
  if (!insurance || insurance.psnInsuStas !== '1')
    return { ok: false, reason: '未查询到正常参保信息，请先确认参保状态' };
  return {
    ok: true,
    insuredPersonNo: person.baseinfo.psnNo,
    insuranceType: insurance.insutype,
    insuredAreaCode: insurance.insuplcAdmdvs
  };
}

/** The real-name check of a person a patient links: the name must match the platform's record of the ID number. */
export async function checkRealName(
  client: YibaoClient,
  person: { idNo: string; name: string }
): Promise<{ ok: true; insuredPersonNo: string } | { ok: false }> {
  try {
    const data = await personInfo(client, person);
    return data.baseinfo.psnName === person.name && primaryInsurance(data)
      ? { ok: true, insuredPersonNo: data.baseinfo.psnNo }
      : { ok: false };
  } catch (error) {
    if (error instanceof YibaoBusinessError && !error.retryable) return { ok: false };
    throw error;
  }
}

/**
 * What the platform knows of the person beyond what the hospital keeps (birth date, sex, nation, employer),
 * for 2511, read at the moment of filing; 1101 changes nothing, so asking again on a retry is harmless.
 */
export async function registeredPerson(
  client: YibaoClient,
  person: { applicationNo: string; idNo: string; name: string; insuranceType: string }
): Promise<{
  birthDate: string | undefined;
  documentType: string;
  sex: string;
  nation: string | undefined;
  employer: string | undefined;
}> {
  const data = await personInfo(client, person, { applicationNo: person.applicationNo });
  const insurance = data.insuinfo.find(row => row.insutype === person.insuranceType) ?? primaryInsurance(data);
  return {
    birthDate: data.baseinfo.brdy,
    documentType: data.baseinfo.psnCertType || '01',
    sex: data.baseinfo.gend,
    nation: data.baseinfo.naty,
    employer: insurance?.empName
  };
}
