import { expect } from 'vitest';
import type { ApplicationStatus } from '../../domain/application-status';
import { call, eventually, simPersons, type SimPerson } from './http';
import type { TestSystem } from './system';

export interface ApplicationDetail {
  id: string;
  applicationNo: string;
  status: ApplicationStatus;
  patientId: string;
  filingSn: string | null;
  statusHistory: { from: string | null; to: string; detail: string }[];
  [field: string]: unknown;
}

/** The simulated bureau's adults, in a fixed order, for tests that need distinct persons. */
export async function adults(system: TestSystem): Promise<SimPerson[]> {
  return (await simPersons(system)).filter(person => person.age >= 18);
}

export async function linkPerson(
  system: TestSystem,
  token: string,
  person: SimPerson,
  relation = 'self'
): Promise<string> {
  const response = await call<{ id: string }>(system, 'POST', '/api/me/patients', {
    token,
    body: { name: person.psn_name, idNo: person.certno, relation }
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id;
}

export async function syncCatalogue(system: TestSystem, adminToken: string): Promise<void> {
  const response = await call(system, 'POST', '/api/diseases/sync', { token: adminToken });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
}

export async function submitChronic(
  system: TestSystem,
  token: string,
  patientId: string,
  diseaseCode: string
): Promise<{ id: string; applicationNo: string }> {
  const response = await call<{ id: string; applicationNo: string; status: string }>(
    system,
    'POST',
    '/api/chronic-applications',
    {
      token,
      body: {
        patientId,
        diseaseCode,
        institutionCode: 'H36010200015',
        phone: '13907910001',
        address: '江西省南昌市东湖区八一大道445号',
        beginDate: '2026-12-01'
      }
    }
  );
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  expect(response.body.status).toBe('submitted');
  return response.body;
}

export const chronicPath = '/api/chronic-applications';
export const dualChannelPath = '/api/dual-channel-applications';

export async function detailOf(
  system: TestSystem,
  token: string,
  id: string,
  basePath = chronicPath
): Promise<ApplicationDetail> {
  const response = await call<ApplicationDetail>(system, 'GET', `${basePath}/${id}`, { token });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

export async function waitForStatus(
  system: TestSystem,
  token: string,
  id: string,
  status: ApplicationStatus,
  timeoutMs = 20_000,
  basePath = chronicPath
): Promise<ApplicationDetail> {
  let last: ApplicationDetail | undefined;
  try {
    return await eventually(
      `status ${status}`,
      async () => {
        last = await detailOf(system, token, id, basePath);
        return last.status === status ? last : undefined;
      },
      timeoutMs
    );
  } catch {
    throw new Error(
      `application stayed ${last?.status} (wanted ${status}): ${JSON.stringify(last?.statusHistory)}; ` +
        `workflow: ${await workflowSituation(system, last?.workflowId)}`
    );
  }
}

/** What the workflow is waiting on, for a failure message: its status and its pending activities' last failures. */
async function workflowSituation(system: TestSystem, workflowId: unknown): Promise<string> {
  if (typeof workflowId !== 'string') return 'none';
  try {
    const handle = system.api.temporalClient.workflow.getHandle(workflowId);
    const description = await handle.describe();
    const pending = (description.raw.pendingActivities ?? []).map(activity => ({
      type: activity.activityType?.name,
      attempt: activity.attempt,
      state: activity.state,
      lastFailure: activity.lastFailure?.message
    }));
    const failure =
      description.status.name === 'FAILED' ? await handle.result().then(() => undefined, failureChain) : undefined;
    return JSON.stringify({ status: description.status.name, pending, failure });
  } catch (error) {
    return `not described (${(error as Error).message})`;
  }
}

export async function decideAtBureau(
  system: TestSystem,
  filingSn: string,
  decision: 'approve' | 'reject'
): Promise<void> {
  const response = await fetch(`${system.yibaoSim.url}/sim/filings/${filingSn}/decision`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ decision })
  });
  expect(response.status).toBe(200);
}

/** The simulator's dual-channel drugs seeded into the catalogue (the only ones its 2511 accepts). */
export const dualChannelDrugCodes = {
  osimertinib: 'XL01XEA298A001010105487',
  almonertinib: 'XL01XEA328A001010105893',
  dupilumab: 'XD11AHD344B002010105120'
} as const;

export async function submitDualChannel(
  system: TestSystem,
  token: string,
  patientId: string,
  body: { drugCodes: string[]; institutionCodes?: string[]; [field: string]: unknown }
): Promise<{ id: string; applicationNo: string }> {
  const response = await call<{ id: string; applicationNo: string; status: string }>(system, 'POST', dualChannelPath, {
    token,
    body: {
      patientId,
      institutionCodes: ['H36010200015', 'P36010200101'],
      beginDate: '2026-12-01',
      endDate: '2027-11-30',
      diagnosisBasis: '病理确诊肺腺癌，EGFR 19外显子缺失突变',
      ...body
    }
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  expect(response.body.status).toBe('submitted');
  return response.body;
}

export async function waitForDualChannelStatus(
  system: TestSystem,
  token: string,
  id: string,
  status: ApplicationStatus,
  timeoutMs = 30_000
): Promise<ApplicationDetail> {
  return waitForStatus(system, token, id, status, timeoutMs, dualChannelPath);
}

/** An error and its causes' messages, outermost first. */
function failureChain(error: unknown): string[] {
  const messages: string[] = [];
  for (let current = error; current instanceof Error; current = current.cause) messages.push(current.message);
  return messages;
}
