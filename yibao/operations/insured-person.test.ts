import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connection';
import { openTestDatabase } from '../../test/support/database';
import type { SimPerson } from '../sim/data';
import { startYibaoPair } from '../sim/testing';
import { registeredPerson } from './insured-person';

describe('what 1101 tells a dual-channel filing of the employer', () => {
  let database: DatabaseHandle;

  beforeAll(async () => {
    database = await openTestDatabase();
  });

  afterAll(async () => {
    await database.close();
  });

  async function registered(employerNo: 'omit' | 'answer') {
    const pair = await startYibaoPair(database, 'csb', { simulator: { assumptions: { employerNo } } });
    try {
      const person = pair.simulator.state.persons.find(candidate => candidate.empName) as SimPerson;
      const known = await registeredPerson(pair.client, {
        applicationNo: 'SD20260101000001',
        idNo: person.certno,
        name: person.name,
        insuranceType: person.insutype
      });
      return { person, known };
    } finally {
      await pair.close();
    }
  }

  it('is the name alone where 1101 is the v1.0 one', async () => {
    const { person, known } = await registered('omit');
    expect(known).toMatchObject({ employer: person.empName, employerNo: undefined });
  });

  it('includes the employer number where the province adds emp_no to 1101', async () => {
    const { person, known } = await registered('answer');
    expect(person.empNo).toMatch(/^\d{20}$/);
    expect(known).toMatchObject({ employer: person.empName, employerNo: person.empNo });
  });
});
