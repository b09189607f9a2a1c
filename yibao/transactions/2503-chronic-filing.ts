import { C, D } from '../fields';
import { dataRowTransaction, singleNodeOutput } from './definition';

/** 【2503】人员慢特病备案: the returned trt_dcla_detl_sn is the key for 2504. */
export const chronicFiling2503 = dataRowTransaction({
  infno: '2503',
  name: '人员慢特病备案',
  stateChanging: true,
  table: {
    psnNo: C('psn_no', '人员编号', 30, true),
    insutype: C('insutype', '险种类型', 6, true),
    opspDiseCode: C('opsp_dise_code', '门慢门特病种目录代码', 30, true),
    opspDiseName: C('opsp_dise_name', '门慢门特病种名称', 300, true),
    tel: C('tel', '联系电话', 50, false),
    addr: C('addr', '联系地址', 200, false),
    insuOptins: C('insu_optins', '参保机构医保区划', 6, true),
    ideFixmedinsNo: C('ide_fixmedins_no', '鉴定定点医药机构编号', 30, true),
    ideFixmedinsName: C('ide_fixmedins_name', '鉴定定点医药机构名称', 200, true),
    hospIdeDate: D('hosp_ide_date', '医院鉴定日期', true),
    diagDrCodg: C('diag_dr_codg', '诊断医师编码', 30, true),
    diagDrName: C('diag_dr_name', '诊断医师姓名', 50, true),
    begndate: D('begndate', '开始日期', true),
    enddate: D('enddate', '结束日期', false)
  },
  refine: (input, context) => {
    if (input.enddate && input.enddate < input.begndate) {
      context.addIssue({ code: 'custom', message: '结束日期不能早于开始日期', path: ['enddate'] });
    }
  },
  output: singleNodeOutput('result', { trtDclaDetlSn: C('trt_dcla_detl_sn', '待遇申报明细流水号', 30, true) })
});
