import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adults,
  chronicPath,
  decideAtBureau,
  detailOf,
  dualChannelDrugCodes,
  dualChannelPath,
  linkPerson,
  submitChronic,
  syncCatalogue,
  waitForStatus
} from './support/applications';
import { call, signInPatient, signInStaff, type SimPerson } from './support/http';
import { recordHistory } from './support/histories';
import { startHisSimulator } from '../his/sim/his-simulator';
import { startTestSystem, type TestSystem } from './support/system';
import { chinaDate, chinaDateDaysBefore } from '../domain/china-time';

describe('chronic-disease applications end to end', () => {
  let system: TestSystem;
  let admin: string;
  let doctor1: string;
  let doctor2: string;
  let patientA: string;
  let patientB: string;
  let persons: SimPerson[];
  const patientIds: string[] = [];

  beforeAll(async () => {
    system = await startTestSystem('chronic');
    [admin, doctor1, doctor2] = await Promise.all([
      signInStaff(system, 'admin'),
      signInStaff(system, 'doctor1'),
      signInStaff(system, 'doctor2')
    ]);
    await syncCatalogue(system, admin);
    patientA = await signInPatient(system, '13907911001');
    patientB = await signInPatient(system, '13907911002');
    persons = await adults(system);
    patientIds.push(await linkPerson(system, patientA, persons[0]!));
    patientIds.push(await linkPerson(system, patientA, persons[1]!, 'spouse'));
    patientIds.push(await linkPerson(system, patientA, persons[2]!, 'parent'));
  });
  afterAll(async () => {
    await system?.stop();
  });

  async function approvedByDoctor(patientId: string, diseaseCode: string) {
    const submitted = await submitChronic(system, patientA, patientId, diseaseCode);
    await waitForStatus(system, patientA, submitted.id, 'under_review');
    const review = await call(system, 'POST', `/api/chronic-applications/${submitted.id}/review`, {
      token: doctor1,
      body: { decision: 'approve', opinion: '符合门诊慢特病认定标准', diagnosis: '2型糖尿病' }
    });
    expect(review.status, JSON.stringify(review.body)).toBe(200);
    const filed = await waitForStatus(system, patientA, submitted.id, 'filed');
    expect(filed.filingSn).toBeTruthy();
    return filed;
  }

  it('files an approved application with the bureau and reaches approved when the bureau approves', async () => {
    const filed = await approvedByDoctor(patientIds[0]!, 'M01600');
    expect(filed.diagnosingDoctor).toEqual({ staffNo: 'D1001', name: '王建国' });
    await decideAtBureau(system, filed.filingSn!, 'approve');
    const approved = await waitForStatus(system, patientA, filed.id, 'approved');
    expect(approved.statusHistory.map(step => step.to)).toEqual(['under_review', 'filing', 'filed', 'approved']);

    const history = await call<{ events: { event: string; detail: string }[] }>(
      system,
      'GET',
      `/api/chronic-applications/${filed.id}/history`,
      { token: admin }
    );
    expect(history.status).toBe(200);
    const details = history.body.events.map(event => event.detail);
    expect(details).toContain('报送医保备案（2503/2511）');
    expect(details).toContain('医生审核');
    await recordHistory(system, approved.workflowId as string, 'chronic-approved');

    // The auditor finds the filing in the interface log by the patient's ID number, with bodies masked.
    const auditor = await signInStaff(system, 'auditor');
    const log = await call<{
      rows: { infno: string; applicationNo: string | null; idNoMasked: string | null; requestBody: unknown }[];
    }>(system, 'POST', '/api/interface-logs/search', {
      token: auditor,
      body: { idNo: persons[0]!.certno, infno: '2503' }
    });
    expect(log.status, JSON.stringify(log.body)).toBe(200);
    expect(log.body.rows.map(row => row.applicationNo)).toContain(approved.applicationNo);
    expect(JSON.stringify(log.body)).not.toContain(persons[0]!.certno);
    expect(log.body.rows[0]?.idNoMasked).toMatch(/^\d{4}\*+/);
  });

  it('ends in rejected when the bureau rejects the filing', async () => {
    const filed = await approvedByDoctor(patientIds[1]!, 'M01600');
    await decideAtBureau(system, filed.filingSn!, 'reject');
    const rejected = await waitForStatus(system, patientA, filed.id, 'rejected');
    expect(rejected.failureReason).toContain('未通过');
    await recordHistory(system, rejected.workflowId as string, 'chronic-bureau-rejected');
  });

  it('ends in doctor_rejected when the doctor rejects, and refuses a second review decision', async () => {
    const submitted = await submitChronic(system, patientA, patientIds[0]!, 'M01609');
    await waitForStatus(system, patientA, submitted.id, 'under_review');
    const reject = await call(system, 'POST', `/api/chronic-applications/${submitted.id}/review`, {
      token: doctor1,
      body: { decision: 'reject', opinion: '材料不全，缺少出院小结' }
    });
    expect(reject.status).toBe(200);
    await waitForStatus(system, patientA, submitted.id, 'doctor_rejected');
    const again = await call(system, 'POST', `/api/chronic-applications/${submitted.id}/review`, {
      token: doctor1,
      body: { decision: 'approve', opinion: '同意' }
    });
    expect(again.status).toBe(409);
    await recordHistory(
      system,
      (await detailOf(system, patientA, submitted.id)).workflowId as string,
      'chronic-doctor-rejected'
    );
    expect(again.body.code).toBe('WRONG_STATUS');
    expect(again.body.message).toContain('审核');
  });

  it('lets the patient withdraw while under review, and not twice', async () => {
    const submitted = await submitChronic(system, patientA, patientIds[1]!, 'M01609');
    await waitForStatus(system, patientA, submitted.id, 'under_review');
    const withdraw = await call(system, 'POST', `/api/chronic-applications/${submitted.id}/withdraw`, {
      token: patientA
    });
    expect(withdraw.status, JSON.stringify(withdraw.body)).toBe(200);
    expect((await detailOf(system, patientA, submitted.id)).status).toBe('withdrawn');
    const again = await call(system, 'POST', `/api/chronic-applications/${submitted.id}/withdraw`, { token: patientA });
    expect(again.status).toBe(409);
    await recordHistory(
      system,
      (await detailOf(system, patientA, submitted.id)).workflowId as string,
      'chronic-withdrawn'
    );
  });

  it('revokes a filing the bureau has not decided, and refuses to revoke a decided one', async () => {
    const pending = await approvedByDoctor(patientIds[2]!, 'M01600');
    const revoke = await call(system, 'POST', `/api/chronic-applications/${pending.id}/revoke`, {
      token: patientA,
      body: { reason: '患者转院治疗，申请撤销' }
    });
    expect(revoke.status, JSON.stringify(revoke.body)).toBe(200);
    const revoked = await detailOf(system, patientA, pending.id);
    expect(revoked.status).toBe('revoked');
    await recordHistory(system, revoked.workflowId as string, 'chronic-revoked');
    const simFilings = (await (await fetch(`${system.yibaoSim.url}/sim/filings?kind=chronic`)).json()) as {
      sn: string;
      status: string;
    }[];
    expect(simFilings.find(filing => filing.sn === pending.filingSn)?.status).toBe('revoked');

    const decided = await approvedByDoctor(patientIds[2]!, 'M01609');
    await decideAtBureau(system, decided.filingSn!, 'approve');
    await waitForStatus(system, patientA, decided.id, 'approved');
    const refused = await call<{ message: string }>(system, 'POST', `/api/chronic-applications/${decided.id}/revoke`, {
      token: admin,
      body: { reason: '测试撤销' }
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe('申请单当前状态为「医保局备案通过」，不能撤销备案');
  });

  it("hides one patient's application from another patient and from a doctor of another department", async () => {
    const submitted = await submitChronic(system, patientA, patientIds[1]!, 'M04600');
    const asB = await call(system, 'GET', `/api/chronic-applications/${submitted.id}`, { token: patientB });
    expect(asB.status).toBe(404);
    const withdrawAsB = await call(system, 'POST', `/api/chronic-applications/${submitted.id}/withdraw`, {
      token: patientB
    });
    expect(withdrawAsB.status).toBe(404);
    const listAsB = await call<{ items: unknown[] }>(system, 'GET', '/api/chronic-applications', { token: patientB });
    expect(listAsB.body.items).toEqual([]);
    // M04600 冠心病 belongs to 心血管内科 (doctor2), not 内分泌科 (doctor1).
    const asDoctor1 = await call(system, 'GET', `/api/chronic-applications/${submitted.id}`, { token: doctor1 });
    expect(asDoctor1.status).toBe(404);
    const asDoctor2 = await call(system, 'GET', `/api/chronic-applications/${submitted.id}`, { token: doctor2 });
    expect(asDoctor2.status).toBe(200);
  });

  it('keeps uploaded diagnosis proofs to the applicant and the reviewing department, checking their type', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n').toString('base64');
    const upload = await call<{ id: string }>(system, 'POST', '/api/attachments', {
      token: patientA,
      body: { kind: 'diagnosis_proof', contentType: 'application/pdf', dataBase64: pdf }
    });
    expect(upload.status, JSON.stringify(upload.body)).toBe(201);
    const disguised = await call(system, 'POST', '/api/attachments', {
      token: patientA,
      body: {
        kind: 'diagnosis_proof',
        contentType: 'application/pdf',
        dataBase64: Buffer.from('<script>alert(1)</script>').toString('base64')
      }
    });
    expect(disguised.status).toBe(400);

    const response = await call<{ id: string }>(system, 'POST', '/api/chronic-applications', {
      token: patientA,
      body: {
        patientId: patientIds[0]!,
        diseaseCode: 'M04301',
        institutionCode: 'H36010200015',
        phone: '13907910001',
        address: '江西省南昌市东湖区八一大道445号',
        beginDate: '2026-12-01',
        attachmentIds: [upload.body.id]
      }
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect((await call(system, 'GET', `/api/attachments/${upload.body.id}`, { token: patientB })).status).toBe(404);
    expect((await call(system, 'GET', `/api/attachments/${upload.body.id}`, { token: doctor1 })).status).toBe(404);
    const asDoctor2 = await fetch(`${system.apiUrl}/api/attachments/${upload.body.id}`, {
      headers: { authorization: `Bearer ${doctor2}` }
    });
    expect(asDoctor2.status).toBe(200);
    expect(Buffer.from(await asDoctor2.arrayBuffer()).toString('base64')).toBe(pdf);
    const detail = await call<{ attachments: unknown[] }>(system, 'GET', `${chronicPath}/${response.body.id}`, {
      token: doctor2
    });
    expect(detail.body.attachments).toEqual([
      {
        id: upload.body.id,
        kind: 'diagnosis_proof',
        kindLabel: '疾病诊断证明书',
        contentType: 'application/pdf',
        sizeBytes: Buffer.from(pdf, 'base64').length,
        uploadedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) as unknown
      }
    ]);

    const reused = await call(system, 'POST', '/api/chronic-applications', {
      token: patientA,
      body: {
        patientId: patientIds[2]!,
        diseaseCode: 'M04301',
        institutionCode: 'H36010200015',
        phone: '13907910001',
        address: '江西省南昌市东湖区八一大道445号',
        beginDate: '2026-12-01',
        attachmentIds: [upload.body.id]
      }
    });
    expect(reused.status).toBe(400);
  });

  it('shows an admin ID numbers masked in lists and leaves an audit row when one is revealed', async () => {
    const submitted = await submitChronic(system, patientA, patientIds[2]!, 'M04000');
    const list = await call<{ items: { id: string; patientIdNo: string }[] }>(
      system,
      'GET',
      '/api/chronic-applications',
      { token: admin }
    );
    expect(list.status).toBe(200);
    const first = list.body.items.find(item => item.id === submitted.id)!;
    expect(first.patientIdNo).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);
    expect(JSON.stringify(list.body)).not.toMatch(/\b\d{17}[\dXx]\b/);

    const withoutReason = await call(system, 'POST', `/api/chronic-applications/${first.id}/reveal`, {
      token: admin,
      body: { field: 'idNo' }
    });
    expect(withoutReason.status).toBe(400);
    const asPatient = await call(system, 'POST', `/api/chronic-applications/${first.id}/reveal`, {
      token: patientA,
      body: { field: 'idNo', reason: '核对参保身份' }
    });
    expect(asPatient.status).toBe(403);
    const revealed = await call<{ value: string }>(system, 'POST', `/api/chronic-applications/${first.id}/reveal`, {
      token: admin,
      body: { field: 'idNo', reason: '核对参保身份' }
    });
    expect(revealed.status).toBe(200);
    expect(persons.map(person => person.certno)).toContain(revealed.body.value);

    const auditor = await signInStaff(system, 'auditor');
    const audit = await call<{ items: { action: string; targetId: string; detail: Record<string, unknown> }[] }>(
      system,
      'GET',
      '/api/audit-logs?action=reveal',
      { token: auditor }
    );
    expect(audit.status, JSON.stringify(audit.body)).toBe(200);
    const row = audit.body.items.find(item => item.targetId === first.id);
    expect(row?.detail).toMatchObject({ field: 'idNo', reason: '核对参保身份' });
  });

  it('masks the contact address in the application for everyone, and reveals it to an admin with a reason', async () => {
    const submitted = await submitChronic(system, patientA, patientIds[2]!, 'M04301');
    const address = '江西省南昌市东湖区八一大道445号';
    for (const token of [patientA, admin]) {
      const detail = await call<{ address: string }>(system, 'GET', `/api/chronic-applications/${submitted.id}`, {
        token
      });
      expect(detail.status).toBe(200);
      expect(detail.body.address).toBe('江西省南昌市****');
      expect(JSON.stringify(detail.body)).not.toContain(address);
    }
    const revealed = await call<{ value: string }>(system, 'POST', `/api/chronic-applications/${submitted.id}/reveal`, {
      token: admin,
      body: { field: 'address', reason: '邮寄认定结果' }
    });
    expect(revealed.body).toEqual({ field: 'address', value: address });
  });

  it('answers 503 with a Chinese message when the HIS cannot be reached during a review', async () => {
    // M04600 冠心病 is reviewed by 心血管内科 (doctor2).
    const submitted = await submitChronic(system, patientA, patientIds[0]!, 'M04600');
    await waitForStatus(system, patientA, submitted.id, 'under_review');
    const visits = await call<{ items: unknown[] }>(system, 'GET', `${chronicPath}/${submitted.id}/his-visits`, {
      token: doctor2
    });
    expect(visits.status, JSON.stringify(visits.body)).toBe(200);
    expect(Array.isArray(visits.body.items)).toBe(true);
    await system.hisSim.close();
    const visitsDown = await call(system, 'GET', `${chronicPath}/${submitted.id}/his-visits`, { token: doctor2 });
    expect(visitsDown.status).toBe(503);
    expect(visitsDown.body).toMatchObject({ code: 'HIS_UNAVAILABLE' });
    const review = await call<{ code: string; message: string }>(
      system,
      'POST',
      `/api/chronic-applications/${submitted.id}/review`,
      { token: doctor2, body: { decision: 'approve', opinion: '同意' } }
    );
    expect(review.status).toBe(503);
    expect(review.body).toEqual({ code: 'HIS_UNAVAILABLE', message: '医院信息系统（HIS）暂不可用，请稍后再试' });
    expect((await detailOf(system, patientA, submitted.id)).status).toBe('under_review');
    system.hisSim = await startHisSimulator({ port: system.hisSim.port });
  });

  it('refuses an application of either kind for a person the account unlinked (404)', async () => {
    const unlinkedId = await linkPerson(system, patientA, persons[3]!, 'other');
    const unlink = await call(system, 'DELETE', `/api/me/patients/${unlinkedId}`, { token: patientA });
    expect(unlink.status, JSON.stringify(unlink.body)).toBe(204);
    const chronic = await call(system, 'POST', chronicPath, {
      token: patientA,
      body: {
        patientId: unlinkedId,
        diseaseCode: 'M01600',
        institutionCode: 'H36010200015',
        phone: '13907910001',
        address: '江西省南昌市东湖区八一大道445号',
        beginDate: '2026-12-01'
      }
    });
    expect(chronic.status, JSON.stringify(chronic.body)).toBe(404);
    const dualChannel = await call(system, 'POST', dualChannelPath, {
      token: patientA,
      body: {
        patientId: unlinkedId,
        drugCodes: [dualChannelDrugCodes.osimertinib],
        institutionCodes: ['H36010200015'],
        phone: '13907910001',
        address: '江西省南昌市东湖区八一大道445号',
        beginDate: '2026-12-01',
        endDate: '2027-11-30'
      }
    });
    expect(dualChannel.status, JSON.stringify(dualChannel.body)).toBe(404);
  });

  it('shows the reviewing doctor the 5205 medication records of the period asked for, and refuses a bad period', async () => {
    // persons[0] is one of the simulated persons with records; M01609 goes to 内分泌科 (doctor1).
    const submitted = await submitChronic(system, patientA, patientIds[0]!, 'M01609');
    await waitForStatus(system, patientA, submitted.id, 'under_review');
    const path = `/api/chronic-applications/${submitted.id}/medication-records`;
    type Records = { from: string; to: string; items: { chargedAt: string; insuredPersonNo: string }[] };
    const year = await call<Records>(system, 'GET', path, { token: doctor1 });
    expect(year.status, JSON.stringify(year.body)).toBe(200);
    const today = chinaDate(new Date());
    expect(year.body).toMatchObject({ from: chinaDateDaysBefore(new Date(), 365), to: today });
    expect(year.body.items.length).toBeGreaterThan(0);
    expect(new Set(year.body.items.map(item => item.insuredPersonNo))).toEqual(new Set([persons[0]!.psn_no]));

    const from = chinaDateDaysBefore(new Date(), 70);
    const recent = await call<Records>(system, 'GET', `${path}?from=${from}&to=${today}`, { token: doctor1 });
    expect(recent.status).toBe(200);
    expect(recent.body.items.length).toBeLessThan(year.body.items.length);
    expect(recent.body.items.every(item => item.chargedAt >= `${from} 00:00:00`)).toBe(true);

    for (const [query, message] of [
      [`to=${chinaDateDaysBefore(new Date(), -1)}`, '结束日期不能晚于今天'],
      [`from=${chinaDateDaysBefore(new Date(), 400)}&to=${today}`, '查询期间不能超过 366 天，请分段查询'],
      [`from=${today}&to=${from}`, '开始日期不能晚于结束日期'],
      ['from=2026-02-30', '日期不存在']
    ]) {
      const refused = await call<{ code: string; message: string }>(system, 'GET', `${path}?${query}`, {
        token: doctor1
      });
      expect(refused.status, query).toBe(400);
      expect(JSON.stringify(refused.body), query).toContain(message);
    }
    expect((await call(system, 'GET', path, { token: doctor2 })).status).toBe(404);
    await call(system, 'POST', `/api/chronic-applications/${submitted.id}/withdraw`, { token: patientA });
  });
});
