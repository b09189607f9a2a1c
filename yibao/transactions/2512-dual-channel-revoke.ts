import { LIST } from '../fields';
import { dataRowTransaction, emptyOutput } from './definition';

/** 【2512】双通道备案撤销: only filings the bureau has not reviewed. */
export const dualChannelRevoke2512 = dataRowTransaction({
  infno: '2512',
  name: '双通道备案撤销',
  stateChanging: true,
  table: { twoPathRegSnList: LIST('two_path_reg_sn_list', '业务申请号集合', 30, true) },
  output: emptyOutput
});
