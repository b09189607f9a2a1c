import { Writable } from 'node:stream';
import { drizzle } from 'drizzle-orm/postgres-js';
import { pino } from 'pino';
import postgres from 'postgres';
import * as schema from '../db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/connection';
import { openTestDatabase } from '../test/support/database';
import { redactedLogPaths } from '../runtime/logger';
import { YibaoClient } from './client';
import { InterfaceLog, ensureInterfaceLogPartitions, searchInterfaceLog } from './interface-log';
import type { SimPerson } from './sim/data';
import { startYibaoPair, type YibaoPair } from './sim/testing';
import { formatDate } from './time';

let database: DatabaseHandle;
let pair: YibaoPair;
let person: SimPerson;
const applicationNo = `MT${Date.now()}`;
const today = formatDate(new Date());

beforeAll(async () => {
  database = await openTestDatabase();
  pair = await startYibaoPair(database, 'csb+sm2+sm4');
  person = pair.simulator.state.persons[4] as SimPerson;
  await pair.client.getPersonInfo({ mdtrtCertType: '03', mdtrtCertNo: person.cardNo, cardSn: person.cardSn });
  await pair.client.fileChronicDisease(
    {
      psnNo: person.psnNo,
      insutype: person.insutype,
      opspDiseCode: 'M04600',
      opspDiseName: '冠心病',
      tel: person.phone,
      addr: person.addr,
      insuOptins: person.insuplcAdmdvs,
      ideFixmedinsNo: 'H36010200015',
      ideFixmedinsName: '江西中医药大学附属医院',
      hospIdeDate: today,
      diagDrCodg: 'D360100012345',
      diagDrName: '罗明',
      begndate: today
    },
    { applicationNo, attempt: 2 }
  );
  await pair.client.flushLog();
});

afterAll(async () => {
  await pair.close();
  await database.close();
});

describe('the interface log', () => {
  it('finds a patient’s calls by ID number, newest first, including calls that carried only psn_no', async () => {
    const page = await searchInterfaceLog(database.db, { certNo: person.certno }, pair.clientOptions.fieldCrypto);
    expect(page.rows.map(row => row.infno)).toEqual(['2503', '1101']);
    expect(page.rows[0]).toMatchObject({
      applicationNo,
      attempt: 2,
      outcome: 'ok',
      infcode: 0,
      httpStatus: 200,
      certNoMasked: `${person.certno.slice(0, 4)}**********${person.certno.slice(14)}`
    });
    expect(page.rows[0]?.msgid).toMatch(/^H36010200015\d{18}$/);
    expect(page.rows[0]?.infRefmsgid).toMatch(/^360100/);
  });

  it('finds calls by card number, application number, infno, outcome and date range', async () => {
    const crypto = pair.clientOptions.fieldCrypto;
    const byCard = await searchInterfaceLog(database.db, { cardNo: person.cardNo }, crypto);
    expect(byCard.rows.map(row => row.infno)).toEqual(['2503', '1101']);
    const byApplication = await searchInterfaceLog(database.db, { applicationNo }, crypto);
    expect(byApplication.rows).toHaveLength(1);
    const narrowed = await searchInterfaceLog(
      database.db,
      {
        certNo: person.certno,
        infno: '1101',
        outcome: 'ok',
        from: new Date(Date.now() - 3_600_000),
        to: new Date(Date.now() + 60_000)
      },
      crypto
    );
    expect(narrowed.rows.map(row => row.infno)).toEqual(['1101']);
    const future = await searchInterfaceLog(
      database.db,
      { certNo: person.certno, from: new Date(Date.now() + 60_000) },
      crypto
    );
    expect(future.rows).toEqual([]);
  });

  it('pages with a cursor without repeating or skipping a call', async () => {
    const crypto = pair.clientOptions.fieldCrypto;
    const first = await searchInterfaceLog(database.db, { certNo: person.certno, limit: 1 }, crypto);
    expect(first.nextCursor).toBeDefined();
    const second = await searchInterfaceLog(
      database.db,
      { certNo: person.certno, limit: 1, cursor: first.nextCursor },
      crypto
    );
    expect([...first.rows, ...second.rows].map(row => row.infno)).toEqual(['2503', '1101']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('stores no personal number, name, phone or address unmasked in any body', async () => {
    const page = await searchInterfaceLog(database.db, { certNo: person.certno }, pair.clientOptions.fieldCrypto);
    const stored = JSON.stringify(page.rows.map(row => [row.requestBody, row.responseBody]));
    for (const secret of [
      person.certno,
      person.cardNo,
      person.cardSn,
      person.phone,
      person.name,
      person.addr,
      person.psnNo
    ]) {
      expect(stored).not.toContain(secret);
    }
    expect(stored).toContain('冠心病');
    const [raw] = await database.sql<{ text: string }[]>`
      select row_to_json(l)::text as text from yibao_interface_log l where application_no = ${applicationNo}`;
    expect(raw?.text).not.toContain(person.certno);
  });

  it('writes no personal number to the application log when a call fails', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      }
    });
    const logger = pino({ level: 'trace', redact: { paths: redactedLogPaths, censor: '[已脱敏]' } }, sink);
    const logged = await YibaoClient.create({ ...pair.clientOptions, logger });
    try {
      await logged.getPersonInfo({ mdtrtCertType: '02', mdtrtCertNo: '360102199001011237' }).catch(() => undefined);
      await logged.getPersonInfo({ mdtrtCertType: '02', mdtrtCertNo: person.certno });
    } finally {
      await logged.close();
    }
    expect(lines.join('')).toContain('yibao call failed');
    expect(lines.join('')).not.toContain('360102199001011237');
    expect(lines.join('')).not.toContain(person.certno);
  });

  it('moves calls that fell into the default partition into their month when the month is created', async () => {
    const far = new Date(Date.UTC(2031, 4, 15, 4));
    await database.sql`
      insert into yibao_interface_log (called_at, infno, opter, attempt, duration_ms, outcome)
      values (${far.toISOString()}, '9001', 'partition-test', 1, 1, 'ok')`;
    const [before] = await database.sql<{ part: string }[]>`
      select tableoid::regclass::text as part from yibao_interface_log where opter = 'partition-test'`;
    expect(before?.part).toBe('yibao_interface_log_default');
    await ensureInterfaceLogPartitions(database.sql, far, 0);
    const [after] = await database.sql<{ part: string }[]>`
      select tableoid::regclass::text as part from yibao_interface_log where opter = 'partition-test'`;
    expect(after?.part).toBe('yibao_interface_log_y2031m05');
  });

  it('never makes a call wait for the log table, and writes the rows once the table is free', async () => {
    const rowsOf = async (opter: string) =>
      (
        await database.sql<{ n: number }[]>`
        select count(*)::int as n from yibao_interface_log where opter = ${opter}`
      )[0]?.n;
    const opter = pair.clientOptions.defaultOperator.opter;
    const before = await rowsOf(opter);
    const locker = await database.sql.reserve();
    try {
      await locker`begin`;
      await locker`lock table yibao_interface_log in access exclusive mode`;
      // Calls complete while every insert into the log is blocked behind the lock.
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => pair.client.queryChronicFilings({ psnNo: person.psnNo }))
      );
      expect(answers).toHaveLength(5);
      await locker`commit`;
    } finally {
      locker.release();
    }
    await pair.client.flushLog();
    expect(await rowsOf(opter)).toBe((before ?? 0) + 5);
  });

  it('keeps the rows and reports the failure when the database cannot be reached, without throwing', async () => {
    const unreachable = postgres('postgres://postgres@127.0.0.1:1/none', { connect_timeout: 1, max: 1 });
    const errors: string[] = [];
    const log = new InterfaceLog(drizzle(unreachable, { schema }), pair.clientOptions.fieldCrypto, {
      error: (_details, message) => errors.push(message)
    });
    try {
      expect(() =>
        log.record({
          calledAt: new Date(),
          infno: '5301',
          opter: 'down-test',
          attempt: 1,
          durationMs: 1,
          outcome: 'ok'
        })
      ).not.toThrow();
      // The connection attempt fails after its 1 s timeout; the row is then queued again for a retry.
      await log.flush(1500);
      expect(log.backlog).toBe(1);
      expect(errors).toContain('yibao interface log write failed; retrying');
    } finally {
      await unreachable.end({ timeout: 1 });
    }
  });
});
