import { C } from '../fields';
import { dataRowTransaction, emptyOutput } from './definition';

/** Transactions the spec allows 【2601】冲正 for (settlements and registrations; none of the filings). */
export const reversibleInfnos: readonly string[] = ['2102', '2103', '2207', '2208', '2304', '2305', '2401'];

/** 【2601】冲正: undoes a transaction whose answer was lost, named by its original msgid and infno. */
export const reversal2601 = dataRowTransaction({
  infno: '2601',
  name: '冲正交易',
  stateChanging: true,
  table: {
    psnNo: C('psn_no', '人员编号', 30, true),
    omsgid: C('omsgid', '原发送方报文ID', 30, true),
    oinfno: C('oinfno', '原交易编号', 4, true)
  },
  refine: (input, context) => {
    if (!reversibleInfnos.includes(input.oinfno)) {
      context.addIssue({ code: 'custom', message: `交易${input.oinfno}不支持冲正`, path: ['oinfno'] });
    }
  },
  output: emptyOutput
});
