import { z } from 'zod';
import { ARRAY, C, D, N, outputRowSchema, rowSchema, toWireRow, type RowOf } from '../fields';
import { checkNodes, singleNodeOutput, type Transaction } from './definition';

/** 申请类型 of a dual-channel filing (双通道扩展接口 V1.0: fixed 32). */
export const dualChannelAppyType = '32';

export const dualChannelPersonTable = {
  psnNo: C('psn_no', '人员编号', 30, true),
  brdy: D('brdy', '出生日期', false),
  insutype: C('insutype', '险种类型', 6, false),
  psnName: C('psn_name', '人员名称', 50, true),
  certno: C('certno', '证件号码', 30, true),
  psnCertType: C('psn_cert_type', '证件类型', 3, true),
  gend: C('gend', '性别', 3, false),
  naty: C('naty', '民族', 3, false),
  empName: C('emp_name', '单位名称', 200, false),
  empNo: C('emp_no', '单位编码', 30, false),
  addr: C('addr', '联系地址', 300, false),
  appyDate: D('appy_date', '申请日期', true),
  condAbst: C('cond_abst', '诊断依据', 300, false),
  appyLmt: ARRAY('appy_lmt', '申请限额', false),
  begndate: D('begndate', '开始日期', true),
  enddate: D('enddate', '结束日期', true),
  agnterName: C('agnter_name', '代办人姓名', 50, false),
  agnterCertType: C('agnter_cert_type', '代办人证件类型', 3, false),
  agnterCertno: C('agnter_certno', '代办人证件号码', 30, false),
  agnterTel: C('agnter_tel', '代办人联系方式', 50, false),
  agnterRlts: C('agnter_rlts', '代办人关系', 3, false),
  agnterAddr: C('agnter_addr', '代办人联系地址', 200, false),
  appyType: C('appy_type', '申请类型', 3, true),
  atddrNo: C('atddr_no', '医师编码1', 50, false),
  drName: C('dr_name', '医师姓名1', 100, false),
  atddrNo1: C('atddr_no1', '医师编码2', 50, false),
  drName1: C('dr_name1', '医师姓名2', 100, false)
};

/**
 * One item of `appy_lmt` 申请限额 (数组型): the spec names the array but not its items. Assumed until the
 * bureau confirms it: the drug (as in twopathdruglist), a quantity, its unit and the period it renews after.
 */
export const dualChannelLimitTable = {
  medListCodg: C('med_list_codg', '中心药品项目编码', 30, true),
  lmtCnt: N('lmt_cnt', '限额数量', 16, true),
  lmtUnit: C('lmt_unit', '限额单位', 20, true),
  prdDays: N('prd_days', '限额周期天数', 4, true)
};

const { appyLmt: _limits, ...dualChannelPersonInputTable } = dualChannelPersonTable;

export const dualChannelDrugTable = {
  medListCodg: C('med_list_codg', '中心药品项目编码', 30, true),
  medListName: C('med_list_name', '中心药品项目名称', 50, true)
};

/** The spec types poolarea_no 日期型 with length 30, an evident slip: it is a 统筹区 code, so C30. */
export const dualChannelInstitutionTable = {
  fixmedinsCode: C('fixmedins_code', '医疗机构编码', 30, true),
  fixmedinsName: C('fixmedins_name', '医疗机构名称', 300, true),
  poolareaNo: C('poolarea_no', '统筹区域', 30, true)
};

export const dualChannelNodes = {
  data: { table: dualChannelPersonTable, multi: false, required: true },
  twopathdruglist: { table: dualChannelDrugTable, multi: true, required: true },
  twopathfixmedins: { table: dualChannelInstitutionTable, multi: true, required: true }
};

const inputSchema = z
  .object({
    person: rowSchema(dualChannelPersonInputTable),
    limits: z.array(rowSchema(dualChannelLimitTable)).max(20),
    drugs: z.array(rowSchema(dualChannelDrugTable)).min(1, '药品信息集合(twopathdruglist)不能为空'),
    institutions: z.array(rowSchema(dualChannelInstitutionTable)).min(1, '医疗机构信息集合(twopathfixmedins)不能为空')
  })
  .strict()
  .superRefine((input, context) => {
    if (input.person.appyType !== dualChannelAppyType) {
      context.addIssue({
        code: 'custom',
        message: '申请类型(appy_type)固定为32（双通道）',
        path: ['person', 'appyType']
      });
    }
    if (input.person.enddate < input.person.begndate) {
      context.addIssue({ code: 'custom', message: '结束日期不能早于开始日期', path: ['person', 'enddate'] });
    }
    input.limits.forEach((limit, index) => {
      if (!input.drugs.some(drug => drug.medListCodg === limit.medListCodg)) {
        context.addIssue({
          code: 'custom',
          message: `申请限额(appy_lmt)第${index + 1}项的药品不在药品信息集合中`,
          path: ['limits', index, 'medListCodg']
        });
      }
    });
  });

export interface DualChannelFilingInput {
  person: RowOf<typeof dualChannelPersonInputTable>;
  /** `data.appy_lmt` */
  limits: RowOf<typeof dualChannelLimitTable>[];
  drugs: RowOf<typeof dualChannelDrugTable>[];
  institutions: RowOf<typeof dualChannelInstitutionTable>[];
}

const output = singleNodeOutput('result', { twoPathRegSn: C('two_path_reg_sn', '业务申请号', 30, false) });

/** 【2511】双通道备案申请: person in `data`, drugs and bound institutions in their own list nodes. */
export const dualChannelFiling2511: Transaction<DualChannelFilingInput, z.infer<typeof output>> = {
  infno: '2511',
  name: '双通道备案申请',
  stateChanging: true,
  input: inputSchema,
  toWire: input => ({
    data: toWireRow(dualChannelPersonTable, {
      ...input.person,
      appyLmt: input.limits.map(limit => toWireRow(dualChannelLimitTable, limit))
    }),
    twopathdruglist: input.drugs.map(drug => toWireRow(dualChannelDrugTable, drug)),
    twopathfixmedins: input.institutions.map(institution => toWireRow(dualChannelInstitutionTable, institution))
  }),
  checkWire: wire => checkNodes(wire, dualChannelNodes),
  output,
  psnNo: input => input.person.psnNo
};

/** One 5311 row: the 2511 person columns with its drug and institution lists. */
export const dualChannelFilingRow = outputRowSchema({
  ...dualChannelPersonTable,
  // Not in the extension spec's output: read only where the province adds them.
  twoPathRegSn: C('two_path_reg_sn', '业务申请号', 30, false),
  chkStas: C('chk_stas', '审核状态', 3, false)
});
