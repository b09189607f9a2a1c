import { describe, expect, it } from 'vitest';
import { maskAddress, maskCardNumber, maskFully, maskIdNumber, maskName, maskPhone } from './masking';

describe('masking', () => {
  it('shows only the first and last four characters of an ID number', () => {
    expect(maskIdNumber('360102196803121234')).toBe('3601**********1234');
  });

  it('masks the middle four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('keeps only the surname of a name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('张')).toBe('张*');
  });

  it('masks card numbers by their length', () => {
    expect(maskCardNumber('F36012345')).toBe('F3*****45');
    expect(maskCardNumber('6217001234567890123')).toBe('6217***********0123');
  });

  it('keeps the district of an address and hides the rest', () => {
    expect(maskAddress('江西省南昌市东湖区八一大道318号')).toBe('江西省南昌市****');
    expect(maskFully('高血压伴肾损害')).toBe('***');
  });
});
