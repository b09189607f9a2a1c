import { C, D, N } from '../fields';
import { dataRowTransaction, multiNodeOutput } from './definition';

/** 【1901】字典表查询: the authoritative code tables (psn_cert_type, chk_stas, admdvs …). */
export const dictionary1901 = dataRowTransaction({
  infno: '1901',
  name: '字典表查询',
  stateChanging: false,
  table: {
    type: C('type', '字典类型', 30, true),
    // The spec marks parentValue required, but top-level dictionaries have no parent: "" is what is sent then.
    parentValue: C('parentValue', '父字典键值', 10, false),
    admdvs: C('admdvs', '行政区划', 6, true),
    date: D('date', '查询日期', true),
    valiFlag: C('valiFlag', '有效标志', 3, true)
  },
  output: multiNodeOutput('list', {
    type: C('type', '字典类型', 30, true),
    label: C('label', '字典标签', 100, true),
    value: C('value', '字典键值', 30, true),
    parentValue: C('parentValue', '父字典键值', 10, false),
    sort: N('sort', '序号', 10, false),
    valiFlag: C('valiFlag', '有效标志', 3, false),
    createUser: C('createUser', '创建人', 30, false),
    createDate: C('createDate', '创建时间', 19, false),
    version: C('version', '版本号', 30, false)
  })
});
