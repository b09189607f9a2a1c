import { z } from 'zod';
import { ANY, C, D, DT, N, outputRowSchema } from '../fields';
import { dataRowTransaction } from './definition';

export const insuinfoTable = {
  balc: N('balc', '余额', 16, true),
  insutype: C('insutype', '险种类型', 6, true),
  psnType: C('psn_type', '人员类别', 6, true),
  psnInsuStas: C('psn_insu_stas', '参保状态', 6, false),
  psnInsuDate: D('psn_insu_date', '个人参保日期', false),
  pausInsuDate: D('paus_insu_date', '暂停参保日期', false),
  cvlservFlag: C('cvlserv_flag', '公务员标志', 3, true),
  insuplcAdmdvs: C('insuplc_admdvs', '参保地医保区划', 6, true),
  empName: C('emp_name', '单位名称', 200, false),
  // Not a 1101 column in the national or Jiangxi v1.0 spec (2511/5311 have it): read where a province adds it.
  empNo: C('emp_no', '单位编号', 30, false)
};

const baseinfoTable = {
  psnNo: C('psn_no', '人员编号', 30, true),
  psnCertType: C('psn_cert_type', '人员证件类型', 6, true),
  certno: C('certno', '证件号码', 50, true),
  psnName: C('psn_name', '人员姓名', 50, true),
  gend: C('gend', '性别', 6, true),
  naty: C('naty', '民族', 3, false),
  brdy: D('brdy', '出生日期', false),
  age: N('age', '年龄', 4, true),
  expContent: ANY('expContent', '字段扩展', false)
};

const idetinfoTable = {
  psnIdetType: C('psn_idet_type', '人员身份类别', 3, true),
  psnTypeLv: C('psn_type_lv', '人员类别等级', 3, false),
  memo: C('memo', '备注', 500, false),
  begntime: DT('begntime', '开始时间', true),
  endtime: DT('endtime', '结束时间', false)
};

/** 【1101】人员基本信息获取: the source of psn_no and of insuplc_admdvs for every later envelope. */
export const personInfo1101 = dataRowTransaction({
  infno: '1101',
  name: '人员基本信息获取',
  stateChanging: false,
  table: {
    mdtrtCertType: C('mdtrt_cert_type', '就诊凭证类型', 3, true),
    mdtrtCertNo: C('mdtrt_cert_no', '就诊凭证编号', 50, true),
    cardSn: C('card_sn', '卡识别码', 32, false),
    begntime: DT('begntime', '开始时间', false),
    psnCertType: C('psn_cert_type', '人员证件类型', 6, false),
    certno: C('certno', '证件号码', 50, false),
    psnName: C('psn_name', '人员姓名', 50, false)
  },
  refine: (input, context) => {
    if (!['01', '02', '03'].includes(input.mdtrtCertType)) {
      context.addIssue({
        code: 'custom',
        message: '就诊凭证类型(mdtrt_cert_type)应为01、02或03',
        path: ['mdtrtCertType']
      });
    }
    if (input.mdtrtCertType === '03' && !input.cardSn) {
      context.addIssue({ code: 'custom', message: '凭社保卡就诊时卡识别码(card_sn)不能为空', path: ['cardSn'] });
    }
  },
  output: z
    .object({
      baseinfo: outputRowSchema(baseinfoTable),
      insuinfo: z.array(outputRowSchema(insuinfoTable)).nullish(),
      idetinfo: z.array(outputRowSchema(idetinfoTable)).nullish()
    })
    .transform(output => ({
      baseinfo: output.baseinfo,
      insuinfo: output.insuinfo ?? [],
      idetinfo: output.idetinfo ?? []
    }))
});

export type PersonInfo = z.infer<typeof personInfo1101.output>;
export type InsuranceInfo = PersonInfo['insuinfo'][number];

/** The insurance to file under: normally insured (参保状态 1) in 职工 310 or 居民 390, else the first row. */
export function primaryInsurance(person: PersonInfo): InsuranceInfo | undefined {
  return (
    person.insuinfo.find(row => row.psnInsuStas === '1' && (row.insutype === '310' || row.insutype === '390')) ??
    person.insuinfo.find(row => row.psnInsuStas === '1') ??
    person.insuinfo[0]
  );
}
