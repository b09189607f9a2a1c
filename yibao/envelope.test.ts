import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/connection';
import { openTestDatabase } from '../test/support/database';
import {
  PostgresMsgidSource,
  buildRequestEnvelope,
  checkRequestEnvelope,
  formatMsgid,
  msgidBlockSize,
  parseMsgid,
  upperCaseKeys
} from './envelope';
import { formatDateTime } from './time';

const settings = {
  fixmedinsCode: 'H36010200015',
  fixmedinsName: '江西中医药大学附属医院',
  mdtrtareaAdmvs: '360100',
  recerSysCode: 'FSI_LOCAL',
  infver: 'V1.0'
};

describe('msgid', () => {
  it('is 30 characters: institution code, China time to the second, and a 4-digit sequence', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.nat(9999),
        (time, seq) => {
          const msgid = formatMsgid('H36010200015', time, seq);
          expect(msgid).toHaveLength(30);
          expect(msgid.slice(0, 12)).toBe('H36010200015');
          expect(msgid.slice(26)).toBe(String(seq).padStart(4, '0'));
          expect(formatDateTime(time).replace(/\D/g, '')).toBe(msgid.slice(12, 26));
        }
      )
    );
  });

  it('differs for any two different seconds or sequences', () => {
    fc.assert(
      fc.property(fc.nat(4_000_000_000), fc.nat(9999), fc.nat(4_000_000_000), fc.nat(9999), (s1, q1, s2, q2) => {
        fc.pre(s1 !== s2 || q1 !== q2);
        expect(formatMsgid('H36010200015', new Date(s1 * 1000), q1)).not.toBe(
          formatMsgid('H36010200015', new Date(s2 * 1000), q2)
        );
      })
    );
  });

  it('refuses a sequence that does not fit four digits', () => {
    expect(() => formatMsgid('H36010200015', new Date(), 10_000)).toThrow();
  });

  describe('from PostgreSQL', () => {
    let first: DatabaseHandle;
    let second: DatabaseHandle;
    beforeAll(async () => {
      first = await openTestDatabase(4);
      second = await openTestDatabase(4);
    });
    afterAll(async () => {
      await first.close();
      await second.close();
    });

    it('stays unique across two workers drawing concurrently', async () => {
      const sources = [new PostgresMsgidSource(first.sql), new PostgresMsgidSource(second.sql)] as const;
      const stamps = await Promise.all(
        Array.from({ length: 1000 }, (_, index) => sources[index % 2 === 0 ? 0 : 1].next('H36010200015'))
      );
      const msgids = stamps.map(stamp => stamp.msgid);
      expect(new Set(msgids).size).toBe(1000);
      for (const msgid of msgids) expect(msgid).toMatch(/^H36010200015\d{18}$/);
    });

    it('hands out a block of 20 consecutive numbers per draw, and concurrent callers share one draw', async () => {
      const frozen = performance.now();
      const source = new PostgresMsgidSource(first.sql, () => frozen);
      const stamps = await Promise.all(Array.from({ length: 3 * msgidBlockSize }, () => source.next('H36010200015')));
      const sequences = stamps.map(stamp => Number(stamp.msgid.slice(26)));
      const blocks = new Set(sequences.map(sequence => Math.floor(sequence / msgidBlockSize)));
      expect(blocks.size).toBe(3);
      for (const block of blocks) {
        expect(sequences.filter(sequence => Math.floor(sequence / msgidBlockSize) === block).sort()).toEqual(
          Array.from({ length: msgidBlockSize }, (_, index) => block * msgidBlockSize + index).sort()
        );
      }
    });

    it('still uses a block whose answer came after its second, instead of drawing again and again', async () => {
      // Every reading of this clock is two seconds after the last: each block looks stale the moment it arrives.
      let clock = 0;
      const source = new PostgresMsgidSource(first.sql, () => (clock += 2000));
      const earlier = await source.next('H36010200015');
      const later = await source.next('H36010200015');
      expect(earlier.msgid).toMatch(/^H36010200015\d{18}$/);
      expect(Math.floor(Number(later.msgid.slice(26)) / msgidBlockSize)).not.toBe(
        Math.floor(Number(earlier.msgid.slice(26)) / msgidBlockSize)
      );
    });

    it('never uses a block after the second it was drawn in', async () => {
      let clock = performance.now();
      const source = new PostgresMsgidSource(first.sql, () => clock);
      const early = await source.next('H36010200015');
      clock += 1000;
      const late = await source.next('H36010200015');
      // A fresh draw: the database's own second, never an earlier one.
      expect(late.time.getTime()).toBeGreaterThanOrEqual(early.time.getTime());
      expect(Math.floor(Number(late.msgid.slice(26)) / msgidBlockSize)).not.toBe(
        Math.floor(Number(early.msgid.slice(26)) / msgidBlockSize)
      );
    });
  });
});

describe('the request envelope', () => {
  const envelope = () =>
    buildRequestEnvelope(settings, {
      infno: '5301',
      stamp: { msgid: 'H36010200015202611251030000001', time: new Date('2026-11-25T02:30:00Z') },
      operator: { opter: 'ybxt001', opterName: '医保接口系统', opterType: '1' },
      signNo: '360100202611251000000000000001',
      insuplcAdmdvs: '360102',
      input: { data: { psn_no: '36010000000000100234' } }
    });

  it('carries every spec field with inf_time in China time', () => {
    const built = envelope();
    expect(Object.keys(built)).toHaveLength(18);
    expect(built.inf_time).toBe('2026-11-25 10:30:00');
    expect(checkRequestEnvelope(built)).toEqual([]);
  });

  it('is refused for an upper-case node name, a missing required field or an over-long field', () => {
    expect(checkRequestEnvelope({ ...envelope(), input: { Data: { psn_no: '1' } } })).toEqual([
      '节点名称必须小写：Data'
    ]);
    expect(checkRequestEnvelope({ ...envelope(), opter: '' })).toEqual(['[opter]经办人不能为空']);
    expect(checkRequestEnvelope({ ...envelope(), opter_name: '名'.repeat(51) })).toEqual([
      '[opter_name]经办人姓名长度不能超过50'
    ]);
    expect(upperCaseKeys({ signIn: {}, fsDownloadIn: {}, data: { parentValue: '' } })).toEqual([]);
  });

  // H36010200015 + 2026-11-25 10:30:00, the envelope's own time.
  const prefix = 'H3601020001520261125103000';

  it('accepts the sequence of a msgid unpadded, with one to four digits, as the Jiangxi client counts it', () => {
    for (const sequence of ['7', '12', '123', '1234', '0001']) {
      expect(checkRequestEnvelope({ ...envelope(), msgid: `${prefix}${sequence}` }), sequence).toEqual([]);
    }
    expect(parseMsgid(`${prefix}7`)).toEqual({
      fixmedinsCode: 'H36010200015',
      time: new Date('2026-11-25T02:30:00Z'),
      sequence: 7
    });
  });

  it('still refuses a msgid of another institution, with an impossible time, or without a sequence', () => {
    const refused = ['[msgid]发送方报文ID格式错误，应为定点医药机构编号(12)+时间(14)+顺序号(1-4位)'];
    for (const msgid of [
      'H36010200099202611251030001',
      'H36010200015202602301030001',
      'H36010200015202611252430001',
      prefix,
      '6F0C2D9A1B7E4C3D8A9F0B1C2D3E4F'
    ]) {
      expect(checkRequestEnvelope({ ...envelope(), msgid }), msgid).toEqual(refused);
    }
    expect(checkRequestEnvelope({ ...envelope(), msgid: `${prefix}12345` })).toEqual([
      '[msgid]发送方报文ID长度不能超过30'
    ]);
  });

  it('accepts opter_type as the JSON number 1 and still checks it against its code table', () => {
    expect(checkRequestEnvelope({ ...envelope(), opter_type: 1 })).toEqual([]);
    for (const opterType of [4, '4', 0, '01']) {
      expect(checkRequestEnvelope({ ...envelope(), opter_type: opterType })).toEqual([
        '[opter_type]经办人类别取值错误'
      ]);
    }
  });
});
