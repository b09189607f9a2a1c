import { C, D } from '../fields';
import { dataRowTransaction, multiNodeOutput } from './definition';

/**
 * 【5301】人员慢特病备案查询: only currently valid (approved) filings; a filing counts as approved once it is
 * listed. trt_dcla_detl_sn and chk_stas are not in the spec's output and are read only where a province adds them.
 */
export const chronicQuery5301 = dataRowTransaction({
  infno: '5301',
  name: '人员慢特病备案查询',
  stateChanging: false,
  table: { psnNo: C('psn_no', '人员编号', 30, true) },
  output: multiNodeOutput('feedetail', {
    opspDiseCode: C('opsp_dise_code', '门慢门特病种目录代码', 30, true),
    opspDiseName: C('opsp_dise_name', '门慢门特病种名称', 300, true),
    begndate: D('begndate', '开始日期', true),
    enddate: D('enddate', '结束日期', false),
    trtDclaDetlSn: C('trt_dcla_detl_sn', '待遇申报明细流水号', 30, false),
    chkStas: C('chk_stas', '审核状态', 3, false)
  })
});
