import { personInfo1101 } from './1101-person-info';
import { diseaseCatalogue1309 } from './1309-disease-catalogue';
import { dictionary1901 } from './1901-dictionary';
import { chronicFiling2503 } from './2503-chronic-filing';
import { chronicRevoke2504 } from './2504-chronic-revoke';
import { dualChannelFiling2511 } from './2511-dual-channel-filing';
import { dualChannelRevoke2512 } from './2512-dual-channel-revoke';
import { reversal2601 } from './2601-reversal';
import { medicationRecords5205 } from './5205-medication-records';
import { chronicQuery5301 } from './5301-chronic-query';
import { dualChannelQuery5311 } from './5311-dual-channel-query';
import { signIn9001 } from './9001-sign-in';
import { signOut9002 } from './9002-sign-out';
import { fileDownload9102 } from './9102-file-download';
import type { Transaction } from './definition';

/** What is known of a transaction without its input and output types. */
export type TransactionInfo = Pick<Transaction<unknown, unknown>, 'infno' | 'name' | 'stateChanging' | 'checkWire'>;

/** Every transaction the system speaks, by infno; the simulator checks inputs with the same definitions. */
export const transactions: Record<string, TransactionInfo> = {
  '9001': signIn9001,
  '9002': signOut9002,
  '1101': personInfo1101,
  '1309': diseaseCatalogue1309,
  '9102': fileDownload9102,
  '2503': chronicFiling2503,
  '2504': chronicRevoke2504,
  '5301': chronicQuery5301,
  '5205': medicationRecords5205,
  '2511': dualChannelFiling2511,
  '5311': dualChannelQuery5311,
  '2512': dualChannelRevoke2512,
  '2601': reversal2601,
  '1901': dictionary1901
};
