import { describe, expect, it } from 'vitest';
import { assertNoUnmaskedPii, findKnownPersons, findUnmaskedPii } from './pii-scanner';

describe('the personal-data scanner', () => {
  it('finds an unmasked ID number, with a final X in either case, and an unmasked mobile number', () => {
    const body = { idNo: '36010219900101123X', other: '36010219900101123x', phone: '13907911001' };
    expect(findUnmaskedPii(body).map(finding => finding.kind)).toEqual(['id-number', 'id-number', 'mobile']);
  });

  it('lets masked values, longer digit runs and landlines through', () => {
    const body = {
      idNo: '3601**********1234',
      phone: '139****1001',
      nanos: '1764100000000000000',
      tel: '0791-86362000'
    };
    expect(findUnmaskedPii(body)).toEqual([]);
  });

  it("finds a known person's full name but not the masked one", () => {
    const person = { label: 'A', name: '张三丰', idNo: '360102199001011234', phone: '13907911001' };
    expect(findKnownPersons({ name: '张**' }, [person])).toEqual([]);
    expect(findKnownPersons({ name: '患者张三丰' }, [person]).map(finding => finding.value)).toEqual(['A: 张三丰']);
    expect(() => assertNoUnmaskedPii('GET /x', { phone: '13907911001' })).toThrow(/mobile 13907911001/);
  });
});
