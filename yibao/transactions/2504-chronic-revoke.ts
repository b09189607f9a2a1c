import { C } from '../fields';
import { dataRowTransaction, emptyOutput } from './definition';

/** 【2504】人员慢特病备案撤销: only while the bureau has not yet reviewed the filing. */
export const chronicRevoke2504 = dataRowTransaction({
  infno: '2504',
  name: '人员慢特病备案撤销',
  stateChanging: true,
  table: {
    trtDclaDetlSn: C('trt_dcla_detl_sn', '待遇申报明细流水号', 30, true),
    psnNo: C('psn_no', '人员编号', 30, true),
    memo: C('memo', '撤销原因', 500, true)
  },
  output: emptyOutput
});
