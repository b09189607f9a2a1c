import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adults,
  decideAtBureau,
  linkPerson,
  submitChronic,
  syncCatalogue,
  waitForStatus
} from './support/applications';
import { recordHistory } from './support/histories';
import { call, eventually, setSimFaults, signInPatient, signInStaff, simRequests } from './support/http';
import { startTestSystem, startWorkerProcess, type TestSystem } from './support/system';

interface SimFiling {
  sn: string;
  psn_no: string;
  status: string;
  opsp_dise_code: string | null;
}

async function simFilings(system: TestSystem): Promise<SimFiling[]> {
  return (await (await fetch(`${system.yibaoSim.url}/sim/filings?kind=chronic`)).json()) as SimFiling[];
}

async function reviewAsDoctor(system: TestSystem, doctor: string, id: string): Promise<void> {
  const review = await call(system, 'POST', `/api/chronic-applications/${id}/review`, {
    token: doctor,
    body: { decision: 'approve', opinion: '符合认定标准' }
  });
  expect(review.status, JSON.stringify(review.body)).toBe(200);
}

describe('filing through faults', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem('faults');
    await syncCatalogue(system, await signInStaff(system, 'admin'));
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('files every application exactly once under 30% timeouts and 10% ambiguous commits', async () => {
    const doctor = await signInStaff(system, 'doctor1');
    const patient = await signInPatient(system, '13907912001');
    const persons = (await adults(system)).slice(0, 5);
    const applications: { id: string; psnNo: string; disease: string }[] = [];
    for (const [index, person] of persons.entries()) {
      const patientId = await linkPerson(system, patient, person, index === 0 ? 'self' : 'other');
      for (const disease of ['M01600', 'M01609']) {
        const submitted = await submitChronic(system, patient, patientId, disease);
        applications.push({ id: submitted.id, psnNo: person.psn_no, disease });
      }
    }
    for (const application of applications) await waitForStatus(system, patient, application.id, 'under_review');

    await setSimFaults(system, { seed: 2503, byInfno: { '2503': { timeoutRate: 0.3, ambiguousCommitRate: 0.1 } } });
    for (const application of applications) await reviewAsDoctor(system, doctor, application.id);
    const filed = [];
    for (const application of applications)
      filed.push(await waitForStatus(system, patient, application.id, 'filed', 120_000));
    await setSimFaults(system, { seed: 1 });

    const filings = await simFilings(system);
    for (const application of applications) {
      const matching = filings.filter(f => f.psn_no === application.psnNo && f.opsp_dise_code === application.disease);
      expect(matching, `${application.psnNo} ${application.disease}`).toHaveLength(1);
    }
    // The faults really happened: more 2503 requests reached the simulator than filings were created.
    expect((await simRequests(system))['2503']).toBeGreaterThan(applications.length);

    for (const application of filed)
      if (application.filingSn) await decideAtBureau(system, application.filingSn, 'approve');
    for (const application of applications) {
      const detail = await waitForStatus(system, patient, application.id, 'approved', 60_000);
      expect(detail.statusHistory.at(-1)?.to).toBe('approved');
    }
  });
});

describe('a worker killed in the middle of a filing', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem('killed-mid', {}, { worker: false });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('files once after the worker is restarted', async () => {
    const worker = await startWorkerProcess(system);
    try {
      await syncCatalogue(system, await signInStaff(system, 'admin'));
      const doctor = await signInStaff(system, 'doctor1');
      const patient = await signInPatient(system, '13907912002');
      const person = (await adults(system))[6]!;
      const patientId = await linkPerson(system, patient, person);
      const submitted = await submitChronic(system, patient, patientId, 'M01600');
      await waitForStatus(system, patient, submitted.id, 'under_review');
      // The bureau holds the 2503 for a while before committing it: time enough to kill the worker mid-call.
      await setSimFaults(system, { seed: 7, byInfno: { '2503': { latencyMs: 1500 } } });
      await reviewAsDoctor(system, doctor, submitted.id);
      await eventually('2503 sent', async () => (((await simRequests(system))['2503'] ?? 0) > 0 ? true : undefined));
      worker.kill('SIGKILL');
      await setSimFaults(system, { seed: 1 });
      await system.startWorker();
      const filed = await waitForStatus(system, patient, submitted.id, 'filed', 90_000);
      const filings = (await simFilings(system)).filter(f => f.psn_no === person.psn_no);
      expect(filings).toHaveLength(1);
      expect(filed.filingSn).toBe(filings[0]!.sn);
      await decideAtBureau(system, filings[0]!.sn, 'approve');
      const approved = await waitForStatus(system, patient, submitted.id, 'approved');
      await recordHistory(system, approved.workflowId as string, 'chronic-worker-killed-mid-filing');
    } finally {
      worker.kill('SIGKILL');
    }
  }, 180_000);
});
