import type { BureauFilingKey, FilingPerson } from '../../domain/filing-outcome';
import type { YibaoClient } from '../client';
import { FilingFailure } from '../../domain/filing-outcome';
import { dualChannelAppyType } from '../transactions/2511-dual-channel-filing';
import { filingCallContext } from './call-context';
import { registeredPerson } from './insured-person';

/** What a dual-channel filing sends besides the person, in the hospital's terms. */
export interface DualChannelFilingData {
  applicationDate: string;
  diagnosisBasis?: string | undefined;
  applicationLimits: string[];
  drugs: { code: string; name: string }[];
  institutions: { code: string; name: string; poolingAreaCode: string }[];
  doctor1: { staffNo: string; name: string };
  doctor2?: { staffNo: string; name: string } | undefined;
  agent?:
    | {
        name: string;
        documentType: string;
        documentNo: string;
        phone: string;
        relation: string;
        address?: string | undefined;
      }
    | undefined;
}

/**
 * 【2511】 with the person columns from 1101 at the moment of filing (birth date, sex, nation, employer are
 * not kept by the hospital). State-changing: an ambiguous failure is reconciled with 5311.
 */
export async function fileDualChannel(
  client: YibaoClient,
  person: FilingPerson,
  data: DualChannelFilingData,
  attempt: number
): Promise<{ filingSn: string }> {
  const registered = await registeredPerson(client, person);
  const { data: result } = await client.fileDualChannel(
    {
      person: {
        psnNo: person.insuredPersonNo,
        brdy: registered.birthDate,
        insutype: person.insuranceType,
        psnName: person.name,
        certno: person.idNo,
        psnCertType: registered.documentType,
        gend: registered.sex,
        naty: registered.nation,
        empName: registered.employer,
        addr: person.address,
        appyDate: data.applicationDate,
        condAbst: data.diagnosisBasis,
        appyLmt: data.applicationLimits,
        begndate: person.beginDate,
        enddate: person.endDate ?? person.beginDate,
        agnterName: data.agent?.name,
        agnterCertType: data.agent?.documentType,
        agnterCertno: data.agent?.documentNo,
        agnterTel: data.agent?.phone,
        agnterRlts: data.agent?.relation,
        agnterAddr: data.agent?.address,
        appyType: dualChannelAppyType,
        atddrNo: data.doctor1.staffNo,
        drName: data.doctor1.name,
        atddrNo1: data.doctor2?.staffNo,
        drName1: data.doctor2?.name
      },
      drugs: data.drugs.map(drug => ({ medListCodg: drug.code, medListName: drug.name })),
      institutions: data.institutions.map(institution => ({
        fixmedinsCode: institution.code,
        fixmedinsName: institution.name,
        poolareaNo: institution.poolingAreaCode
      }))
    },
    filingCallContext(person, attempt)
  );
  if (!result.twoPathRegSn) throw new FilingFailure('ambiguous', '医保已受理双通道备案但未返回业务申请号');
  return { filingSn: result.twoPathRegSn };
}

/** 【5311】 The person's approved dual-channel filings valid in the application's period. */
export async function approvedDualChannelFilings(
  client: YibaoClient,
  person: FilingPerson
): Promise<BureauFilingKey[]> {
  const { data } = await client.queryDualChannelFilings(
    { psnNo: person.insuredPersonNo, begndate: person.beginDate, enddate: person.endDate ?? person.beginDate },
    filingCallContext(person)
  );
  return data.map(row => ({ beginDate: row.begndate, drugCodes: row.drugs.map(drug => drug.medListCodg) }));
}

/** 【2512】 */
export async function revokeDualChannel(client: YibaoClient, person: FilingPerson, filingSn: string): Promise<void> {
  await client.revokeDualChannel({ twoPathRegSnList: [filingSn] }, filingCallContext(person));
}
