/**
 * The API starts an application's workflow inside the transaction that writes its row. Here the commit is
 * held back for two seconds by a deferred trigger (only for this test's patient), so the workflow's first
 * activity runs while the row is still invisible to it, as happens under load.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { adults, linkPerson, submitChronic, syncCatalogue, waitForStatus } from './support/applications';
import { signInPatient, signInStaff } from './support/http';
import { startTestSystem, type TestSystem } from './support/system';

describe('an application whose transaction commits after its workflow has started', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem('commit-race');
    await syncCatalogue(system, await signInStaff(system, 'admin'));
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('is verified once the row is visible instead of failing its workflow', async () => {
    const patient = await signInPatient(system, '13907912077');
    const person = (await adults(system))[9]!;
    const patientId = await linkPerson(system, patient, person);
    const { sql } = system.core.database;
    await sql`
      create or replace function test_slow_commit() returns trigger language plpgsql as $$
      begin perform pg_sleep(2); return null; end $$`;
    await sql.unsafe(`
      create constraint trigger test_slow_commit after insert on applications
      deferrable initially deferred for each row
      when (new.patient_id = '${patientId}') execute function test_slow_commit()`);
    try {
      const submitted = await submitChronic(system, patient, patientId, 'M01600');
      await waitForStatus(system, patient, submitted.id, 'under_review');
    } finally {
      await sql`drop trigger if exists test_slow_commit on applications`;
    }
  });
});
