import type { BureauFilingKey, FilingPerson } from '../../domain/filing-outcome';
import type { YibaoClient } from '../client';
import { filingCallContext } from './call-context';

/** What a chronic-disease filing sends besides the person, in the hospital's terms. */
export interface ChronicFilingData {
  diseaseCode: string;
  diseaseName: string;
  institutionCode: string;
  institutionName: string;
  assessmentDate: string;
  diagnosingDoctor: { staffNo: string; name: string };
}

/** 【2503】 State-changing: an ambiguous failure is reconciled with 5301, never re-sent blindly. */
export async function fileChronicDisease(
  client: YibaoClient,
  person: FilingPerson,
  data: ChronicFilingData,
  attempt: number
): Promise<{ filingSn: string }> {
  const { data: result } = await client.fileChronicDisease(
    {
      psnNo: person.insuredPersonNo,
      insutype: person.insuranceType,
      opspDiseCode: data.diseaseCode,
      opspDiseName: data.diseaseName,
      tel: person.phone,
      addr: person.address,
      insuOptins: person.insuredAreaCode,
      ideFixmedinsNo: data.institutionCode,
      ideFixmedinsName: data.institutionName,
      hospIdeDate: data.assessmentDate,
      diagDrCodg: data.diagnosingDoctor.staffNo,
      diagDrName: data.diagnosingDoctor.name,
      begndate: person.beginDate,
      enddate: person.endDate
    },
    filingCallContext(person, attempt)
  );
  return { filingSn: result.trtDclaDetlSn };
}

/** 【5301】 The person's approved, currently valid chronic-disease filings. */
export async function approvedChronicFilings(client: YibaoClient, person: FilingPerson): Promise<BureauFilingKey[]> {
  const { data } = await client.queryChronicFilings({ psnNo: person.insuredPersonNo }, filingCallContext(person));
  return data.map(row => ({ beginDate: row.begndate, diseaseCode: row.opspDiseCode }));
}

/** 【2504】 */
export async function revokeChronicDisease(
  client: YibaoClient,
  person: FilingPerson,
  filingSn: string,
  reason: string
): Promise<void> {
  await client.revokeChronicDisease(
    { trtDclaDetlSn: filingSn, psnNo: person.insuredPersonNo, memo: reason },
    filingCallContext(person)
  );
}
