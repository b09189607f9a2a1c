/**
 * Adding an application kind is one module and one registration: a minimal kind registered here goes
 * through the generic API, workflow and activities against the real stack and the Yibao simulator, with
 * nothing else changed.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chronicFiling } from '../application-kinds/chronic';
import { defineApplicationKind } from '../application-kinds/kind-module';
import { registerApplicationKind } from '../application-kinds/registry';
import { applications } from '../db/schema';
import {
  applicationDetailFields,
  applicationListFilterSchema,
  applicationPeriodFields,
  applicationSummarySchema,
  mobilePhoneSchema,
  reviewApplicationSchema,
  type ApplicationListFilter
} from '../domain/application';
import type { ApplicationKindDefinition } from '../domain/application-kinds/kind-definition';
import { chinaDate } from '../domain/china-time';
import { FilingFailure } from '../domain/filing-outcome';
import { adults, chronicPath, decideAtBureau, linkPerson, syncCatalogue, waitForStatus } from './support/applications';
import { call, signInPatient, signInStaff } from './support/http';
import { startTestSystem, type TestSystem } from './support/system';

const sampleCreateSchema = z.object({ ...applicationPeriodFields, phone: mobilePhoneSchema }).strict();

const sampleDefinition: ApplicationKindDefinition = {
  id: 'sample_kind',
  label: '示例申请',
  applicationNoPrefix: 'TK',
  workflowIdPrefix: 'sample',
  apiPath: '/api/sample-applications',
  apiTag: '示例申请',
  pageSegment: 'sample',
  listColumns: { subject: '病种', institution: '鉴定机构' },
  review: {
    by: 'department',
    deniedMessage: '您无权审核该申请单',
    secondDoctor: false,
    approvalSummary: '医生审核（通过后报送医保）'
  },
  documentsBeforeFiling: false,
  medicationRecords: false,
  duplicateMessage: '该就诊人已有示例申请正在办理中',
  schemas: {
    create: sampleCreateSchema,
    review: reviewApplicationSchema,
    listFilter: applicationListFilterSchema,
    summary: applicationSummarySchema,
    detail: applicationSummarySchema.extend(applicationDetailFields)
  }
};

/** Stores nothing of its own and files as a 2503 of one disease, reusing the chronic kind's transactions. */
const sampleKind = defineApplicationKind<z.infer<typeof sampleCreateSchema>, ApplicationListFilter>({
  definition: sampleDefinition,
  bureauRecords: 'chronic',
  prepare: (_services, _patientId, body) =>
    Promise.resolve({
      department: '内分泌科',
      phone: body.phone,
      beginDate: body.beginDate,
      endDate: body.endDate,
      writeDetails: () => Promise.resolve()
    }),
  listConditions: () => [],
  searchConditions: () => [],
  summaries: () => Promise.resolve(new Map()),
  detail: () => Promise.resolve({}),
  recordReview: () => Promise.resolve(),
  async loadFiling({ db }, person, applicationId) {
    const [row] = await db
      .select({ staffNo: applications.reviewerStaffNo, name: applications.reviewerName, at: applications.reviewedAt })
      .from(applications)
      .where(eq(applications.id, applicationId));
    if (!row?.staffNo || !row.name || !row.at)
      throw new FilingFailure('invalidData', 'the reviewing doctor is missing');
    return chronicFiling(person, {
      diseaseCode: 'M01600',
      diseaseName: '糖尿病',
      institutionCode: 'H36010200015',
      institutionName: '江西中医药大学附属医院',
      assessmentDate: chinaDate(row.at),
      diagnosingDoctor: { staffNo: row.staffNo, name: row.name }
    });
  }
});

describe('an application kind added by registering one module', () => {
  let system: TestSystem;
  const path = sampleDefinition.apiPath;

  beforeAll(async () => {
    registerApplicationKind(sampleKind);
    system = await startTestSystem('samplekind');
    await syncCatalogue(system, await signInStaff(system, 'admin'));
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('is served, reviewed, filed with the bureau and approved through the generic paths', async () => {
    const patient = await signInPatient(system, '13907913001');
    const doctor = await signInStaff(system, 'doctor1');
    const patientId = await linkPerson(system, patient, (await adults(system))[5]!);

    const created = await call<{ id: string; applicationNo: string; status: string }>(system, 'POST', path, {
      token: patient,
      body: { patientId, phone: '13907913001', beginDate: '2026-12-01' }
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.applicationNo).toMatch(/^TK\d{14}$/);
    const refused = await call(system, 'POST', path, { token: patient, body: { patientId, beginDate: '2026-12-01' } });
    expect(refused.status).toBe(400);

    await waitForStatus(system, patient, created.body.id, 'under_review', 20_000, path);
    const review = await call(system, 'POST', `${path}/${created.body.id}/review`, {
      token: doctor,
      body: { decision: 'approve', opinion: '同意' }
    });
    expect(review.status, JSON.stringify(review.body)).toBe(200);
    const filed = await waitForStatus(system, patient, created.body.id, 'filed', 30_000, path);
    expect(filed).toMatchObject({ kind: 'sample_kind', reviewerName: '王建国' });
    expect(filed.insuredPersonNo).toMatch(/\S/);
    await decideAtBureau(system, filed.filingSn!, 'approve');
    const approved = await waitForStatus(system, patient, created.body.id, 'approved', 30_000, path);
    expect(approved.statusHistory.map(step => step.to)).toEqual(['under_review', 'filing', 'filed', 'approved']);

    const listed = await call<{ items: { id: string }[] }>(system, 'GET', path, { token: doctor });
    expect(listed.body.items.map(item => item.id)).toEqual([created.body.id]);
    const chronicList = await call<{ items: { id: string }[] }>(system, 'GET', chronicPath, { token: doctor });
    expect(chronicList.body.items.map(item => item.id)).not.toContain(created.body.id);
    const openApi = await call<{ paths: Record<string, unknown> }>(system, 'GET', '/api/openapi.json');
    expect(Object.keys(openApi.body.paths)).toContain(`${path}/{id}/review`);
  });
});
