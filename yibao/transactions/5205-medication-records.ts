import { C, DT, N } from '../fields';
import { dataRowTransaction, multiNodeOutput } from './definition';

/** 【5205】人员慢特病用药记录查询: what reviewers look at before approving an application. */
export const medicationRecords5205 = dataRowTransaction({
  infno: '5205',
  name: '人员慢特病用药记录查询',
  stateChanging: false,
  table: {
    psnNo: C('psn_no', '人员编号', 30, true),
    begntime: DT('begntime', '开始时间', true),
    endtime: DT('endtime', '结束时间', false)
  },
  output: multiNodeOutput('feedetail', {
    feedetlSn: C('feedetl_sn', '费用明细流水号', 30, true),
    rxDrordNo: C('rx_drord_no', '处方/医嘱号', 30, false),
    fixmedinsCode: C('fixmedins_code', '定点医药机构编号', 12, false),
    fixmedinsName: C('fixmedins_name', '定点医药机构名称', 200, true),
    psnNo: C('psn_no', '人员编号', 30, true),
    medType: C('med_type', '医疗类别', 6, true),
    feeOcurTime: DT('fee_ocur_time', '费用发生时间', true),
    cnt: N('cnt', '数量', 16, true),
    pric: N('pric', '单价', 16, true),
    chrgitmLv: C('chrgitm_lv', '收费项目等级', 3, false),
    hilistCode: C('hilist_code', '医保目录编码', 50, true),
    hilistName: C('hilist_name', '医保目录名称', 200, true),
    listType: C('list_type', '目录类别', 6, true),
    medListCodg: C('med_list_codg', '医疗目录编码', 50, true),
    medinsListCodg: C('medins_list_codg', '医药机构目录编码', 150, true),
    medinsListName: C('medins_list_name', '医药机构目录名称', 100, true),
    medChrgitmType: C('med_chrgitm_type', '医疗收费项目类别', 6, true),
    prodname: C('prodname', '商品名', 200, false),
    spec: C('spec', '规格', 200, true),
    dosformName: C('dosform_name', '剂型名称', 200, false),
    lmtUsedFlag: C('lmt_used_flag', '限制使用标志', 3, false),
    hospPrepFlag: C('hosp_prep_flag', '医院制剂标志', 3, false),
    hospApprFlag: C('hosp_appr_flag', '医院审批标志', 3, false),
    tcmdrugUsedWay: C('tcmdrug_used_way', '中药使用方式', 6, false),
    prodplacType: C('prodplac_type', '生产地类别', 6, false),
    basMednFlag: C('bas_medn_flag', '基本药物标志', 3, false),
    hiNegoDrugFlag: C('hi_nego_drug_flag', '医保谈判药品标志', 3, false),
    chldMedcFlag: C('chld_medc_flag', '儿童用药标志', 3, false),
    etipFlag: C('etip_flag', '外检标志', 3, false),
    etipHospCode: C('etip_hosp_code', '外检医院编码', 30, false),
    dscgTkdrugFlag: C('dscg_tkdrug_flag', '出院带药标志', 3, false),
    listSpItemFlag: C('list_sp_item_flag', '目录特项标志', 3, false),
    matnFeeFlag: C('matn_fee_flag', '生育费用标志', 6, false)
  })
});
