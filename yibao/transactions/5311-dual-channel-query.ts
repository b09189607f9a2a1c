import { z } from 'zod';
import { C, D, outputRowSchema } from '../fields';
import { dataRowTransaction } from './definition';
import { dualChannelDrugTable, dualChannelFilingRow, dualChannelInstitutionTable } from './2511-dual-channel-filing';

/**
 * One filing of the 5311 answer. The extension spec lists the drug and institution collections beside
 * `result` without saying how they attach to a row of a multi-row answer; they are read from each row.
 */
const filing = z
  .object({
    twopathdruglist: z.array(outputRowSchema(dualChannelDrugTable)).nullish(),
    twopathfixmedins: z.array(outputRowSchema(dualChannelInstitutionTable)).nullish()
  })
  .and(dualChannelFilingRow)
  .transform(({ twopathdruglist, twopathfixmedins, ...row }) => ({
    ...row,
    drugs: twopathdruglist ?? [],
    institutions: twopathfixmedins ?? []
  }));

/** 【5311】双通道备案查询: approved filings valid in the date range; listed = approved. */
export const dualChannelQuery5311 = dataRowTransaction({
  infno: '5311',
  name: '双通道备案查询',
  stateChanging: false,
  table: {
    psnNo: C('psn_no', '人员编号', 30, true),
    begndate: D('begndate', '开始日期', true),
    enddate: D('enddate', '结束日期', true)
  },
  output: z
    .union([z.object({ result: z.array(filing).nullish() }), z.null(), z.undefined(), z.literal('')])
    .transform(output => (output && typeof output === 'object' ? (output.result ?? []) : []))
});
