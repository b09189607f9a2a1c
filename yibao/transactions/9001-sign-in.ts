import { C, DT } from '../fields';
import { dataRowTransaction, singleNodeOutput } from './definition';

/** 【9001】签到: one sign_no per operator per day (the same on every terminal). */
export const signIn9001 = dataRowTransaction({
  infno: '9001',
  name: '签到',
  stateChanging: false,
  node: 'signIn',
  table: {
    opterNo: C('opter_no', '操作员编号', 20, true),
    mac: C('mac', '签到MAC地址', 20, true),
    ip: C('ip', '签到IP地址', 20, true)
  },
  output: singleNodeOutput('signinoutb', {
    signTime: DT('sign_time', '签到时间', true),
    signNo: C('sign_no', '签到编号', 30, true)
  })
});
