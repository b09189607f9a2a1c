import { C, D, N, outputRowSchema } from '../fields';
import { dataRowTransaction } from './definition';

/** 【1309】门诊慢特病种目录下载: returns a file query number; the ZIP itself comes with 9102. */
export const diseaseCatalogue1309 = dataRowTransaction({
  infno: '1309',
  name: '门诊慢特病种目录下载',
  stateChanging: false,
  table: { ver: C('ver', '版本号', 20, true) },
  output: outputRowSchema({
    fileQuryNo: C('file_qury_no', '文件查询号', 40, true),
    filename: C('filename', '文件名', 100, true),
    dldEndTime: D('dld_end_time', '下载截止时间', true),
    dataCnt: N('data_cnt', '数据量', 10, true)
  })
});
