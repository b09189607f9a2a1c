/**
 * The 5205 medication records as the reviewing doctor reads them on a phone: the period asked for (近一年,
 * 上一年 or chosen, within the server's bounds) and one compact line per dispensing.
 */
import {
  chargeLevelLabels,
  medicationRecordLimits,
  medicationRecordPeriod,
  type MedicationRecord
} from '../../../domain/medication-record';
import { formatDate, formatYuan } from './format';

export type RecordPeriodChoice = 'last-year' | 'previous-year' | 'custom';

export const recordPeriodChoices: { id: RecordPeriodChoice; label: string }[] = [
  { id: 'last-year', label: '近一年' },
  { id: 'previous-year', label: '上一年' },
  { id: 'custom', label: '自选时间' }
];

export interface RecordPeriod {
  from: string;
  to: string;
}

const dayMs = 86_400_000;
const shiftDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);

/** 近一年 is the server's default (the 365 days before today); 上一年 the previous calendar year. */
export function presetPeriod(choice: Exclude<RecordPeriodChoice, 'custom'>, today: string): RecordPeriod {
  if (choice === 'last-year') return { from: shiftDays(today, -medicationRecordLimits.defaultDays), to: today };
  const year = Number(today.slice(0, 4)) - 1;
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The server's own check of a period, so a wrong choice is explained before anything is sent. */
export function periodProblem(period: RecordPeriod, today: string): string | undefined {
  const checked = medicationRecordPeriod(period, today);
  return 'refused' in checked ? checked.refused : undefined;
}

export function formatPeriod(period: RecordPeriod): string {
  return `${formatDate(period.from)} 至 ${formatDate(period.to)}`;
}

export interface RecordLine {
  key: string;
  date: string;
  institution: string;
  drug: string;
  specification: string;
  /** 2 × ¥15.80 = ¥31.60 */
  amount: string;
  /** 甲类 / 乙类 / 自费, where the bureau says. */
  chargeClass?: string;
  /** True for 自费: the patient paid it in full. */
  selfPaid: boolean;
  negotiated: boolean;
}

/** Money in fen, so 3 × ¥0.35 is ¥1.05 and not ¥1.0499999. */
const lineTotal = (record: Pick<MedicationRecord, 'quantity' | 'unitPrice'>) =>
  Math.round(record.quantity * record.unitPrice * 100) / 100;

export function recordLine(record: MedicationRecord): RecordLine {
  const chargeClass = record.chargeLevel ? (chargeLevelLabels[record.chargeLevel] ?? undefined) : undefined;
  return {
    key: record.chargeItemSn,
    date: formatDate(record.chargedAt.slice(0, 10)),
    institution: record.institutionName,
    drug: record.brandName ? `${record.drugName}（${record.brandName}）` : record.drugName,
    specification: record.specification,
    amount: `${record.quantity} × ${formatYuan(record.unitPrice)} = ${formatYuan(lineTotal(record))}`,
    ...(chargeClass ? { chargeClass } : {}),
    selfPaid: record.chargeLevel === '3',
    negotiated: record.negotiatedDrug === true
  };
}

/** Newest first, as a doctor reads a history. */
export function recordLines(records: readonly MedicationRecord[]): RecordLine[] {
  return [...records].sort((a, b) => b.chargedAt.localeCompare(a.chargedAt)).map(recordLine);
}

export function recordsTotal(records: readonly MedicationRecord[]): string {
  return formatYuan(Math.round(records.reduce((sum, record) => sum + lineTotal(record) * 100, 0)) / 100);
}
