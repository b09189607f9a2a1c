import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs } from '../db/schema';
import { makeIdNumber } from '../domain/id-number';
import { maskIdNumber } from '../domain/masking';
import {
  adults,
  decideAtBureau,
  detailOf,
  dualChannelDrugCodes,
  dualChannelPath,
  linkPerson,
  submitDualChannel,
  waitForDualChannelStatus
} from './support/applications';
import { call, signInPatient, signInStaff, type SimPerson } from './support/http';
import { recordHistory } from './support/histories';
import { startTestSystem, type TestSystem } from './support/system';

const run = promisify(execFile);

interface DualDetail {
  id: string;
  workflowId: string;
  applicationNo: string;
  status: string;
  filingSn: string | null;
  doctor1: { staffNo: string; name: string } | null;
  doctor2: { staffNo: string; name: string } | null;
  agent: { name: string; documentNo: string; phone: string; relation: string } | null;
  eform: { generatedAt: string } | null;
  statusHistory: { to: string }[];
}

interface SimFiling {
  sn: string;
  status: string;
  med_list_codgs: string[] | null;
}

describe('dual-channel special-drug applications end to end', () => {
  let system: TestSystem;
  let admin: string;
  let doctor1: string;
  let doctor2: string;
  let patientA: string;
  let patientB: string;
  let persons: SimPerson[];
  const patientIds: string[] = [];

  beforeAll(async () => {
    system = await startTestSystem('dualchan');
    [admin, doctor1, doctor2] = await Promise.all([
      signInStaff(system, 'admin'),
      signInStaff(system, 'doctor1'),
      signInStaff(system, 'doctor2')
    ]);
    patientA = await signInPatient(system, '13907912001');
    patientB = await signInPatient(system, '13907912002');
    persons = await adults(system);
    patientIds.push(await linkPerson(system, patientA, persons[0]!));
    patientIds.push(await linkPerson(system, patientA, persons[1]!, 'spouse'));
  });
  afterAll(async () => {
    await system?.stop();
  });

  const dualDetail = async (token: string, id: string) =>
    (await detailOf(system, token, id, dualChannelPath)) as unknown as DualDetail;

  async function simFiling(sn: string): Promise<SimFiling | undefined> {
    const response = await fetch(`${system.yibaoSim.url}/sim/filings?kind=dual-channel`);
    return ((await response.json()) as SimFiling[]).find(filing => filing.sn === sn);
  }

  it('lists the seeded catalogues and refuses a disabled drug', async () => {
    const drugs = await call<{ items: { code: string; name: string; valid: boolean }[] }>(
      system,
      'GET',
      '/api/special-drugs'
    );
    expect(drugs.status).toBe(200);
    expect(drugs.body.items.map(drug => drug.code)).toContain(dualChannelDrugCodes.osimertinib);
    const institutions = await call<{ items: { code: string; poolingAreaCode: string }[] }>(
      system,
      'GET',
      '/api/dual-channel-institutions'
    );
    expect(institutions.body.items.find(item => item.code === 'H36010200015')?.poolingAreaCode).toBe('360100');

    const disabled = await call(system, 'POST', `/api/special-drugs/${dualChannelDrugCodes.dupilumab}/disable`, {
      token: admin
    });
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    const asDoctor = await call(system, 'POST', `/api/special-drugs/${dualChannelDrugCodes.dupilumab}/enable`, {
      token: doctor1
    });
    expect(asDoctor.status).toBe(403);
    const publicList = await call<{ items: { code: string }[] }>(system, 'GET', '/api/special-drugs');
    expect(publicList.body.items.map(drug => drug.code)).not.toContain(dualChannelDrugCodes.dupilumab);
    const refused = await call<{ message: string }>(system, 'POST', dualChannelPath, {
      token: patientA,
      body: {
        patientId: patientIds[0],
        drugCodes: [dualChannelDrugCodes.dupilumab],
        institutionCodes: ['H36010200015'],
        beginDate: '2026-12-01',
        endDate: '2027-11-30'
      }
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('不在有效的双通道特药目录中');
    const noInstitution = await call(system, 'POST', dualChannelPath, {
      token: patientA,
      body: {
        patientId: patientIds[0],
        drugCodes: [dualChannelDrugCodes.osimertinib],
        institutionCodes: [],
        beginDate: '2026-12-01',
        endDate: '2027-11-30'
      }
    });
    expect(noInstitution.status).toBe(400);
    const adminList = await call<{ items: { code: string; valid: boolean }[] }>(
      system,
      'GET',
      '/api/special-drugs?includeInvalid=true',
      { token: admin }
    );
    expect(adminList.body.items.find(drug => drug.code === dualChannelDrugCodes.dupilumab)?.valid).toBe(false);
  });

  it('refuses a doctor without the permission, lets an admin grant it, then files, prints and reaches approved', async () => {
    const submitted = await submitDualChannel(system, patientA, patientIds[0]!, {
      drugCodes: [dualChannelDrugCodes.osimertinib],
      institutionCodes: ['H36010200015', 'P36010200101']
    });
    await waitForDualChannelStatus(system, patientA, submitted.id, 'under_review');

    const refused = await call<{ message: string }>(system, 'POST', `${dualChannelPath}/${submitted.id}/review`, {
      token: doctor2,
      body: { decision: 'approve', opinion: '同意' }
    });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('双通道');

    const doctors = await call<{ items: { id: string; staffNo: string; dualChannelReviewer: boolean }[] }>(
      system,
      'GET',
      '/api/doctors',
      { token: admin }
    );
    expect(doctors.status).toBe(200);
    const doctor2Account = doctors.body.items.find(doctor => doctor.staffNo === 'D1002')!;
    expect(doctor2Account.dualChannelReviewer).toBe(false);
    expect(doctors.body.items.find(doctor => doctor.staffNo === 'D1001')?.dualChannelReviewer).toBe(true);
    const grant = await call<{ dualChannelReviewer: boolean }>(
      system,
      'PUT',
      `/api/doctors/${doctor2Account.id}/dual-channel-permission`,
      { token: admin }
    );
    expect(grant.status, JSON.stringify(grant.body)).toBe(200);
    expect(grant.body.dualChannelReviewer).toBe(true);
    const audited = await system.core.database.db
      .select({ detail: auditLogs.detail })
      .from(auditLogs)
      .where(and(eq(auditLogs.action, 'permission_change'), eq(auditLogs.targetId, doctor2Account.id)));
    expect(audited.map(row => row.detail)).toEqual([{ permission: 'dual_channel_review', change: 'grant' }]);
    const notByDoctor = await call(system, 'PUT', `/api/doctors/${doctor2Account.id}/dual-channel-permission`, {
      token: doctor1
    });
    expect(notByDoctor.status).toBe(403);

    const sameDoctor = await call(system, 'POST', `${dualChannelPath}/${submitted.id}/review`, {
      token: doctor2,
      body: { decision: 'approve', opinion: '同意', secondDoctorStaffNo: 'D1002' }
    });
    expect(sameDoctor.status).toBe(400);
    const review = await call(system, 'POST', `${dualChannelPath}/${submitted.id}/review`, {
      token: doctor2,
      body: { decision: 'approve', opinion: '符合双通道特药用药指征', secondDoctorStaffNo: 'D1001' }
    });
    expect(review.status, JSON.stringify(review.body)).toBe(200);

    const filed = (await waitForDualChannelStatus(system, patientA, submitted.id, 'filed')) as unknown as DualDetail;
    expect(filed.filingSn).toBeTruthy();
    expect(filed.doctor1).toEqual({ staffNo: 'D1002', name: '李秀英' });
    expect(filed.doctor2).toEqual({ staffNo: 'D1001', name: '王建国' });
    expect(filed.eform).not.toBeNull();
    expect((await simFiling(filed.filingSn!))?.med_list_codgs).toEqual([dualChannelDrugCodes.osimertinib]);

    // The e-form: PDF text and XLSX cells carry the masked ID, drugs, institutions and both doctors.
    const maskedId = maskIdNumber(persons[0]!.certno);
    const pdf = await fetch(`${system.apiUrl}${dualChannelPath}/${submitted.id}/eform.pdf`, {
      headers: { authorization: `Bearer ${patientA}` }
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(pdf.headers.get('cache-control')).toBe('no-store');
    const pdfFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eform-')), 'eform.pdf');
    fs.writeFileSync(pdfFile, Buffer.from(await pdf.arrayBuffer()));
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', pdfFile, '-']);
    const text = stdout.replace(/\s+/g, '');
    for (const expected of [
      submitted.applicationNo,
      maskedId,
      '甲磺酸奥希替尼片',
      dualChannelDrugCodes.osimertinib,
      '江西中医药大学附属医院',
      '江西黄庆仁栈华氏大药房有限公司（八一大道店）',
      '李秀英',
      '王建国'
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain(persons[0]!.certno);

    const xlsx = await fetch(`${system.apiUrl}${dualChannelPath}/${submitted.id}/eform.xlsx`, {
      headers: { authorization: `Bearer ${doctor1}` }
    });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.getWorksheet('双通道申请')!;
    const rows: string[][] = [];
    // Every cell is written as plain text or a number, so `text` is the value as written.
    sheet.eachRow(row => rows.push([1, 2, 3, 4].map(column => row.getCell(column).text)));
    const field = (label: string) => rows.find(row => row[0] === label)?.[1];
    expect(field('申请单号')).toBe(submitted.applicationNo);
    expect(field('证件号码')).toBe(maskedId);
    expect(field('参保人姓名')).toBe(persons[0]!.psn_name);
    expect(field('开始日期')).toBe('2026-12-01');
    expect(field('结束日期')).toBe('2027-11-30');
    expect(field('医师1')).toBe('李秀英（D1002）');
    expect(field('医师2')).toBe('王建国（D1001）');
    expect(rows.find(row => row[1] === dualChannelDrugCodes.osimertinib)?.slice(1, 3)).toEqual([
      dualChannelDrugCodes.osimertinib,
      '甲磺酸奥希替尼片'
    ]);
    expect(rows.filter(row => /^[HP]\d{11}$/.test(row[1] ?? '')).map(row => row.slice(1, 4))).toEqual([
      ['H36010200015', '江西中医药大学附属医院', '360100'],
      ['P36010200101', '江西黄庆仁栈华氏大药房有限公司（八一大道店）', '360100']
    ]);

    const otherPatient = await call(system, 'GET', `${dualChannelPath}/${submitted.id}/eform.pdf`, { token: patientB });
    expect(otherPatient.status).toBe(404);

    // Revoking the grant ends nothing else: doctor 2 still reads the application they reviewed.
    const revokeGrant = await call<{ dualChannelReviewer: boolean }>(
      system,
      'DELETE',
      `/api/doctors/${doctor2Account.id}/dual-channel-permission`,
      { token: admin }
    );
    expect(revokeGrant.body.dualChannelReviewer).toBe(false);
    expect((await call(system, 'GET', `${dualChannelPath}/${submitted.id}`, { token: doctor2 })).status).toBe(200);

    await decideAtBureau(system, filed.filingSn!, 'approve');
    const approved = await waitForDualChannelStatus(system, patientA, submitted.id, 'approved');
    expect(approved.statusHistory.map(step => step.to)).toEqual(['under_review', 'filing', 'filed', 'approved']);
    await recordHistory(system, approved.workflowId as string, 'dual-channel-approved');

    const late = await call<{ message: string }>(system, 'POST', `${dualChannelPath}/${submitted.id}/revoke`, {
      token: admin,
      body: { reason: '测试撤销' }
    });
    expect(late.status).toBe(409);
    expect(late.body.message).toBe('申请单当前状态为「医保局备案通过」，不能撤销备案');
  });

  it('files on behalf of an agent with masked agent data, and revokes before the bureau decides', async () => {
    const agentIdNo = makeIdNumber('360111', '1992-03-15', 27);
    const submitted = await submitDualChannel(system, patientA, patientIds[1]!, {
      drugCodes: [dualChannelDrugCodes.almonertinib],
      institutionCodes: ['P36010300102'],
      agent: {
        name: '张晓明',
        documentType: '01',
        documentNo: agentIdNo,
        phone: '13907915678',
        relation: '02',
        address: '江西省南昌市青山湖区北京东路1688号'
      }
    });
    await waitForDualChannelStatus(system, patientA, submitted.id, 'under_review');
    const listed = await call<{ items: { id: string; drugNames: string[] }[] }>(
      system,
      'POST',
      `${dualChannelPath}/search`,
      {
        token: doctor1,
        body: { drugCode: dualChannelDrugCodes.almonertinib }
      }
    );
    expect(listed.body.items.map(item => item.id)).toEqual([submitted.id]);
    expect(listed.body.items[0]?.drugNames).toEqual(['甲磺酸阿美替尼片']);

    const review = await call(system, 'POST', `${dualChannelPath}/${submitted.id}/review`, {
      token: doctor1,
      body: { decision: 'approve', opinion: '同意', secondDoctorStaffNo: 'D1002' }
    });
    expect(review.status, JSON.stringify(review.body)).toBe(200);
    const filed = (await waitForDualChannelStatus(system, patientA, submitted.id, 'filed')) as unknown as DualDetail;
    expect(filed.agent).toEqual({
      name: '张**',
      documentType: '01',
      documentNo: maskIdNumber(agentIdNo),
      phone: '139****5678',
      relation: '子女',
      address: '江西省南昌市****'
    });

    const revoke = await call(system, 'POST', `${dualChannelPath}/${submitted.id}/revoke`, {
      token: patientA,
      body: { reason: '患者改用院内药房购药，申请撤销' }
    });
    expect(revoke.status, JSON.stringify(revoke.body)).toBe(200);
    expect((await dualDetail(patientA, submitted.id)).status).toBe('revoked');
    await recordHistory(system, filed.workflowId, 'dual-channel-revoked');
    expect((await simFiling(filed.filingSn!))?.status).toBe('revoked');
  });

  it('lets the patient withdraw while under review, ends in doctor_rejected, and in rejected when the bureau rejects', async () => {
    const patientId = await linkPerson(system, patientA, persons[2]!, 'parent');
    const apply = () =>
      submitDualChannel(system, patientA, patientId, { drugCodes: [dualChannelDrugCodes.osimertinib] });

    const withdrawn = await apply();
    await waitForDualChannelStatus(system, patientA, withdrawn.id, 'under_review');
    const withdraw = await call(system, 'POST', `${dualChannelPath}/${withdrawn.id}/withdraw`, { token: patientA });
    expect(withdraw.status, JSON.stringify(withdraw.body)).toBe(200);
    expect((await dualDetail(patientA, withdrawn.id)).status).toBe('withdrawn');
    await recordHistory(system, (await dualDetail(patientA, withdrawn.id)).workflowId, 'dual-channel-withdrawn');

    const refused = await apply();
    await waitForDualChannelStatus(system, patientA, refused.id, 'under_review');
    const reject = await call(system, 'POST', `${dualChannelPath}/${refused.id}/review`, {
      token: doctor1,
      body: { decision: 'reject', opinion: '缺少基因检测报告' }
    });
    expect(reject.status, JSON.stringify(reject.body)).toBe(200);
    const doctorRejected = await waitForDualChannelStatus(system, patientA, refused.id, 'doctor_rejected');
    await recordHistory(system, doctorRejected.workflowId as string, 'dual-channel-doctor-rejected');

    const filedThenRejected = await apply();
    await waitForDualChannelStatus(system, patientA, filedThenRejected.id, 'under_review');
    const approve = await call(system, 'POST', `${dualChannelPath}/${filedThenRejected.id}/review`, {
      token: doctor1,
      body: { decision: 'approve', opinion: '同意' }
    });
    expect(approve.status, JSON.stringify(approve.body)).toBe(200);
    const filed = (await waitForDualChannelStatus(
      system,
      patientA,
      filedThenRejected.id,
      'filed'
    )) as unknown as DualDetail;
    await decideAtBureau(system, filed.filingSn!, 'reject');
    const rejected = await waitForDualChannelStatus(system, patientA, filedThenRejected.id, 'rejected');
    expect(rejected.statusHistory.map(step => step.to)).toEqual(['under_review', 'filing', 'filed', 'rejected']);
    await recordHistory(system, rejected.workflowId as string, 'dual-channel-bureau-rejected');
  });
});
