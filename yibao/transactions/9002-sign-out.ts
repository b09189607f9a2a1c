import { z } from 'zod';
import { C, DT, outputRowSchema } from '../fields';
import { dataRowTransaction } from './definition';

const signOutTable = { signTime: DT('sign_time', '签退时间', true) };

/** 【9002】签退: signs the operator out on every terminal at once, so only ever called explicitly. */
export const signOut9002 = dataRowTransaction({
  infno: '9002',
  name: '签退',
  stateChanging: true,
  node: 'signOut',
  table: {
    signNo: C('sign_no', '签到编号', 30, true),
    opterNo: C('opter_no', '操作员编号', 20, true)
  },
  // The spec names the node "sign_time"; real clients read output.signoutoutb.sign_time. Accept both.
  output: z
    .union([
      z.object({ signoutoutb: outputRowSchema(signOutTable) }).transform(output => output.signoutoutb),
      outputRowSchema(signOutTable)
    ])
    .transform(row => ({ signTime: row.signTime }))
});
