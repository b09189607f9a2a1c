import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/connection';
import { openTestDatabase } from '../test/support/database';
import { poolingAreaCode } from './sim/assumptions';
import { startYibaoPair, type YibaoPair } from './sim/testing';
import type { SimPerson } from './sim/data';
import { YibaoBusinessError } from './errors';
import { formatDate } from './time';

const authModes = ['none', 'csb', 'sm2', 'csb+sm2', 'csb+sm2+sm4', 'tif'];

describe.each(authModes)('the client and the simulator with auth %s', auth => {
  let database: DatabaseHandle;
  let pair: YibaoPair;
  let adult: SimPerson;
  let child: SimPerson;
  const today = formatDate(new Date());

  beforeAll(async () => {
    database = await openTestDatabase();
    pair = await startYibaoPair(database, auth);
    const persons = pair.simulator.state.persons;
    adult = persons[0] as SimPerson;
    child = persons.find(person => person.brdy >= '2014-01-01') as SimPerson;
  });

  afterAll(async () => {
    await pair.close();
    await database.close();
  });

  const approve = async (sn: string) => {
    const response = await fetch(`${pair.simulator.url}/sim/filings/${sn}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'approve' })
    });
    expect(response.status).toBe(200);
  };

  it('signs in with 9001 once per operator and day, and out with 9002', async () => {
    const first = await pair.client.signIn();
    const second = await pair.client.signIn();
    expect(first).toMatch(/^\d{30}$/);
    expect(second).toBe(first);
    await pair.client.signOut();
    const renewed = await pair.client.signIn();
    expect(renewed).not.toBe(first);
  });

  it('reads a person with 1101 by ID number, social-security card and e-voucher', async () => {
    const byId = await pair.client.getPersonInfo({ mdtrtCertType: '02', mdtrtCertNo: adult.certno });
    expect(byId.data.baseinfo).toMatchObject({ psnNo: adult.psnNo, psnName: adult.name, certno: adult.certno });
    // The pooling area of the seed's district, as the simulator answers by default (360102 → 360199).
    expect(byId.data.insuinfo[0]).toMatchObject({
      insutype: adult.insutype,
      insuplcAdmdvs: poolingAreaCode(adult.insuplcAdmdvs)
    });
    expect(byId.msgid).toMatch(/^H36010200015\d{18}$/);
    const byCard = await pair.client.getPersonInfo({
      mdtrtCertType: '03',
      mdtrtCertNo: child.cardNo,
      cardSn: child.cardSn
    });
    expect(byCard.data.baseinfo.psnNo).toBe(child.psnNo);
    expect(byCard.data.baseinfo.age).toBeLessThan(14);
    const byVoucher = await pair.client.getPersonInfo({ mdtrtCertType: '01', mdtrtCertNo: adult.ecToken });
    expect(byVoucher.data.baseinfo.psnNo).toBe(adult.psnNo);
  });

  it('downloads the disease catalogue with 1309 and 9102', async () => {
    const all = await pair.client.downloadDiseaseCatalogue('0');
    expect(all.length).toBeGreaterThan(20);
    expect(all).toContainEqual(expect.objectContaining({ opspDiseCode: 'M03900', opspDiseName: '高血压病' }));
    const newer = await pair.client.downloadDiseaseCatalogue('20240101000001');
    expect(newer.length).toBeGreaterThan(0);
    expect(newer.length).toBeLessThan(all.length);
  });

  it('files a chronic disease with 2503, lists it with 5301 once approved, and revokes a pending one with 2504', async () => {
    await pair.client.getPersonInfo({ mdtrtCertType: '02', mdtrtCertNo: adult.certno });
    const filing = {
      psnNo: adult.psnNo,
      insutype: adult.insutype,
      opspDiseCode: 'M03900',
      opspDiseName: '高血压病',
      tel: adult.phone,
      addr: adult.addr,
      insuOptins: adult.insuplcAdmdvs,
      ideFixmedinsNo: 'H36010200015',
      ideFixmedinsName: '江西中医药大学附属医院',
      hospIdeDate: today,
      diagDrCodg: 'D360100012345',
      diagDrName: '罗明',
      begndate: today
    };
    const filed = await pair.client.fileChronicDisease(filing, { applicationNo: 'MT20261125001' });
    expect(filed.data.trtDclaDetlSn).toBeTruthy();
    expect((await pair.client.queryChronicFilings({ psnNo: adult.psnNo })).data).toEqual([]);
    await approve(filed.data.trtDclaDetlSn);
    const listed = await pair.client.queryChronicFilings({ psnNo: adult.psnNo });
    expect(listed.data).toEqual([{ opspDiseCode: 'M03900', opspDiseName: '高血压病', begndate: today }]);
    await expect(
      pair.client.revokeChronicDisease({
        trtDclaDetlSn: filed.data.trtDclaDetlSn,
        psnNo: adult.psnNo,
        memo: '患者申请撤销'
      })
    ).rejects.toThrow(YibaoBusinessError);

    const second = await pair.client.fileChronicDisease({ ...filing, opspDiseCode: 'M01600', opspDiseName: '糖尿病' });
    await pair.client.revokeChronicDisease({
      trtDclaDetlSn: second.data.trtDclaDetlSn,
      psnNo: adult.psnNo,
      memo: '资料不全，撤回重报'
    });
    const statuses = pair.simulator.state.filings.get(second.data.trtDclaDetlSn)?.status;
    expect(statuses).toBe('revoked');
  });

  it('reads medication records with 5205', async () => {
    await pair.client.getPersonInfo({ mdtrtCertType: '02', mdtrtCertNo: adult.certno });
    const records = await pair.client.queryMedicationRecords({
      psnNo: adult.psnNo,
      begntime: `${formatDate(new Date(Date.now() - 365 * 86_400_000))} 00:00:00`,
      endtime: `${today} 23:59:59`
    });
    expect(records.data.length).toBeGreaterThan(0);
    expect(records.data[0]).toMatchObject({ psnNo: adult.psnNo, medType: '14' });
    expect(typeof records.data[0]?.pric).toBe('number');
  });

  it('files a dual-channel filing with 2511, lists it with 5311 once approved, and revokes a pending one with 2512', async () => {
    await pair.client.getPersonInfo({ mdtrtCertType: '02', mdtrtCertNo: adult.certno });
    const enddate = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
    const input = (drug: { code: string; name: string }) => ({
      person: {
        psnNo: adult.psnNo,
        psnName: adult.name,
        certno: adult.certno,
        psnCertType: '01',
        gend: adult.gend,
        insutype: adult.insutype,
        appyDate: today,
        condAbst: '非小细胞肺癌EGFR突变阳性',
        begndate: today,
        enddate,
        appyType: '32',
        atddrNo: 'D360100012345',
        drName: '罗明'
      },
      drugs: [{ medListCodg: drug.code, medListName: drug.name }],
      institutions: [{ fixmedinsCode: 'H36010200015', fixmedinsName: '江西中医药大学附属医院', poolareaNo: '360100' }]
    });
    const filed = await pair.client.fileDualChannel(
      input({ code: 'XL01XEA298A001010105487', name: '甲磺酸奥希替尼片' })
    );
    const sn = filed.data.twoPathRegSn ?? '';
    expect(sn).toMatch(/^SYT/);
    await approve(sn);
    const listed = await pair.client.queryDualChannelFilings({ psnNo: adult.psnNo, begndate: today, enddate });
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({ psnNo: adult.psnNo, appyType: '32', begndate: today, enddate });
    expect(listed.data[0]?.drugs).toEqual([
      { medListCodg: 'XL01XEA298A001010105487', medListName: '甲磺酸奥希替尼片' }
    ]);

    const pending = await pair.client.fileDualChannel(input({ code: 'XL01XXA316A001010104412', name: '奥拉帕利片' }));
    await pair.client.revokeDualChannel({ twoPathRegSnList: [pending.data.twoPathRegSn ?? ''] });
    await expect(pair.client.revokeDualChannel({ twoPathRegSnList: [sn] })).rejects.toThrow(/已审核/);
  });

  it('reverses a lost settlement with 2601 and queries a dictionary with 1901', async () => {
    await pair.client.getPersonInfo({ mdtrtCertType: '02', mdtrtCertNo: adult.certno });
    const reversed = await pair.client.reverse({
      psnNo: adult.psnNo,
      omsgid: 'H36010200015202611250930000001',
      oinfno: '2207'
    });
    expect(reversed.infRefmsgid).toMatch(/^360100\d{24}$/);
    const dictionary = await pair.client.queryDictionary({
      type: 'insutype',
      parentValue: '',
      admdvs: '360100',
      date: today,
      valiFlag: '1'
    });
    expect(dictionary.data.map(entry => entry.value)).toEqual(['310', '390', '392']);
  });
});

describe('the client on the single national entry path', () => {
  it('round-trips 1101 through /fsi/api/rsfComIfsService/callService', async () => {
    const database = await openTestDatabase();
    const pair = await startYibaoPair(database, 'csb+sm2', { client: { pathStyle: 'single' } });
    try {
      const person = pair.simulator.state.persons[1] as SimPerson;
      const result = await pair.client.getPersonInfo({ mdtrtCertType: '02', mdtrtCertNo: person.certno });
      expect(result.data.baseinfo.psnNo).toBe(person.psnNo);
    } finally {
      await pair.close();
      await database.close();
    }
  });
});

describe('the first calls of the day', () => {
  it('sign in once even when more calls arrive together than the database pool has connections', async () => {
    const small = await openTestDatabase(3);
    const pair = await startYibaoPair(small, 'none');
    try {
      const person = pair.simulator.state.persons[0] as SimPerson;
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => pair.client.getPersonInfo({ mdtrtCertType: '02', mdtrtCertNo: person.certno }))
      );
      expect(answers.map(answer => answer.data.baseinfo.psnNo)).toEqual(Array(8).fill(person.psnNo));
      const counters = (await (await fetch(`${pair.simulator.url}/sim/counters`)).json()) as {
        requests: Record<string, number>;
      };
      expect(counters.requests['9001']).toBe(1);
    } finally {
      await pair.close();
      await small.close();
    }
  }, 15_000);
});
