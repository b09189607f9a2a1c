import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { C, D, N, checkWireRow, rowSchema, toWireRow } from './fields';
import { chronicFiling2503 } from './transactions/2503-chronic-filing';

const table = {
  psnNo: C('psn_no', '人员编号', 30, true),
  tel: C('tel', '联系电话', 50, false),
  cnt: N('cnt', '数量', 16, false),
  balc: N('balc', '余额', 16, true),
  begndate: D('begndate', '开始日期', true)
};

const text = (maxLength: number) => fc.string({ minLength: 1, maxLength, unit: 'grapheme' });
const validRow = fc.record(
  {
    psnNo: text(30),
    tel: text(50),
    cnt: fc.integer({ min: 0, max: 10_000 }),
    balc: fc.integer({ min: 0, max: 10_000 }),
    begndate: fc.constantFrom('2026-01-01', '2026-11-25', '2024-02-29')
  },
  { requiredKeys: ['psnNo', 'balc', 'begndate'] }
);

describe('field tables', () => {
  it('send an empty numeric field as "0" and any other empty field as ""', () => {
    fc.assert(
      fc.property(validRow, row => {
        const wire = toWireRow(table, row);
        expect(wire.cnt).toBe(row.cnt === undefined ? '0' : row.cnt);
        expect(wire.tel).toBe(row.tel ?? '');
        expect(Object.keys(wire)).toEqual(['psn_no', 'tel', 'cnt', 'balc', 'begndate']);
        expect(checkWireRow(table, wire)).toEqual([]);
      })
    );
  });

  it('are refused by the platform when a numeric field arrives empty instead of "0"', () => {
    expect(checkWireRow(table, { psn_no: 'x', tel: '', cnt: '', balc: 1, begndate: '2026-01-01' })).toEqual([
      '[cnt]数量为空时必须传"0"'
    ]);
  });

  it('refuse a row whose required field is missing, both in the client and at the platform', () => {
    const schema = rowSchema(table);
    fc.assert(
      fc.property(validRow, fc.constantFrom('psnNo', 'balc', 'begndate'), (row, dropped) => {
        const broken: Record<string, unknown> = { ...row };
        delete broken[dropped];
        expect(schema.safeParse(broken).success).toBe(false);
        const wire = toWireRow(table, row);
        const wireName = { psnNo: 'psn_no', balc: 'balc', begndate: 'begndate' }[dropped];
        if (dropped !== 'balc') {
          expect(checkWireRow(table, { ...wire, [wireName]: '' }).join()).toContain('不能为空');
        }
      })
    );
  });

  it('refuse a field one character longer than the spec allows, counting Chinese characters as one', () => {
    const schema = rowSchema(table);
    fc.assert(
      fc.property(validRow, fc.integer({ min: 31, max: 60 }), (row, length) => {
        const long = '赣'.repeat(length);
        expect(schema.safeParse({ ...row, psnNo: long }).success).toBe(false);
        expect(checkWireRow(table, { ...toWireRow(table, row), psn_no: long })).toContain(
          '[psn_no]人员编号长度不能超过30'
        );
      })
    );
    expect(schema.safeParse({ psnNo: '赣'.repeat(30), balc: 1, begndate: '2026-01-01' }).success).toBe(true);
  });

  it('refuse impossible dates', () => {
    expect(rowSchema(table).safeParse({ psnNo: 'x', balc: 1, begndate: '2026-02-30' }).success).toBe(false);
    expect(checkWireRow(table, { psn_no: 'x', balc: 1, cnt: '0', begndate: '2026-13-01' })).toContain(
      '[begndate]开始日期格式错误，应为yyyy-MM-dd'
    );
  });

  it('give Chinese messages that name the field in the client', () => {
    const result = chronicFiling2503.input.safeParse({ psnNo: '3601' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map(issue => issue.message)).toContain('险种类型(insutype)不能为空');
  });
});
