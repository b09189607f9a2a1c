/**
 * The request and response envelope (spec 表2/表3) and the msgid.
 */
import type postgres from 'postgres';
import { z } from 'zod';
import { ANY, C, DT, checkWireRow, type FieldTable } from './fields';
import { parseChinaTime } from '../domain/china-time';
import { formatCompactTime, formatDateTime } from './time';

/** The envelope's own columns, checked by the client before sending and by the simulator on receipt. */
export const requestEnvelopeTable = {
  infno: C('infno', '交易编号', 4, true),
  msgid: C('msgid', '发送方报文ID', 30, true),
  mdtrtareaAdmvs: C('mdtrtarea_admvs', '就医地医保区划', 6, true),
  insuplcAdmdvs: C('insuplc_admdvs', '参保地医保区划', 6, false),
  recerSysCode: C('recer_sys_code', '接收方系统代码', 10, true),
  devNo: C('dev_no', '设备编号', 100, false),
  devSafeInfo: C('dev_safe_info', '设备安全信息', 2000, false),
  cainfo: C('cainfo', '数字签名信息', 1024, false),
  signtype: C('signtype', '签名类型', 10, false),
  infver: C('infver', '接口版本号', 6, true),
  opterType: C('opter_type', '经办人类别', 3, true),
  opter: C('opter', '经办人', 30, true),
  opterName: C('opter_name', '经办人姓名', 50, true),
  infTime: DT('inf_time', '交易时间', true),
  fixmedinsCode: C('fixmedins_code', '定点医药机构编号', 12, true),
  fixmedinsName: C('fixmedins_name', '定点医药机构名称', 20, true),
  signNo: C('sign_no', '交易签到流水号', 30, false),
  input: ANY('input', '交易输入', true)
} satisfies FieldTable;

export const maxInputLength = 40_000;

export interface RequestEnvelope {
  infno: string;
  msgid: string;
  mdtrtarea_admvs: string;
  insuplc_admdvs: string;
  recer_sys_code: string;
  dev_no: string;
  dev_safe_info: string;
  cainfo: string;
  signtype: string;
  infver: string;
  opter_type: string;
  opter: string;
  opter_name: string;
  inf_time: string;
  fixmedins_code: string;
  fixmedins_name: string;
  sign_no: string;
  /** A JSON object `{ "<node>": … }`, or Base64 ciphertext when `enc_type` is SM4. */
  input: unknown;
  enc_type?: string;
}

export interface EnvelopeSettings {
  fixmedinsCode: string;
  fixmedinsName: string;
  mdtrtareaAdmvs: string;
  recerSysCode: string;
  infver: string;
  devNo?: string | undefined;
}

/** 经办人类别: 1 经办人, 2 自助终端, 3 移动终端. */
export type OpterType = '1' | '2' | '3';

const opterTypes: readonly string[] = ['1', '2', '3'] satisfies OpterType[];

export interface Operator {
  opter: string;
  opterName: string;
  opterType: OpterType;
}

/** fixmedins_code(12) + yyyyMMddHHmmss(14) + sequence(4), the sequence zero-padded. */
export function formatMsgid(fixmedinsCode: string, time: Date, sequence: number): string {
  if (!/^[A-Z0-9]{12}$/.test(fixmedinsCode)) throw new Error('fixmedins_code must be 12 characters');
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 9999) throw new Error('msgid sequence out of range');
  return `${fixmedinsCode}${formatCompactTime(time)}${String(sequence).padStart(4, '0')}`;
}

/**
 * The parts of a received msgid: institution code, China time and sequence. Real clients number the
 * sequence without padding (the Jiangxi client appends an in-memory counter), so 1–4 digits are accepted;
 * undefined when the text is not of that form or its time is not a real one.
 */
export function parseMsgid(msgid: string): { fixmedinsCode: string; time: Date; sequence: number } | undefined {
  const match = /^([A-Z0-9]{12})(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{1,4})$/.exec(msgid);
  if (!match) return undefined;
  const [, fixmedinsCode = '', year, month, day, hour, minute, second, sequence = ''] = match;
  const text = `${year}-${month}-${day} ${hour}:${minute}:${second}`;
  const time = parseChinaTime(text);
  // Date.UTC rolls 2026-02-30 over into March and 24:00 into the next day: a time that does not read
  // back the same is not a real one.
  if (formatDateTime(time) !== text) return undefined;
  return { fixmedinsCode, time, sequence: Number(sequence) };
}

export interface MsgidStamp {
  msgid: string;
  /** The instant the msgid stands for; inf_time is taken from it so both agree. */
  time: Date;
}

export interface MsgidSource {
  next(fixmedinsCode: string): Promise<MsgidStamp>;
}

/** Sequence numbers per block drawn from PostgreSQL; 10,000 / 20 = 500 blocks before the sequence cycles. */
export const msgidBlockSize = 20;

interface MsgidBlock {
  /** First sequence number of the block. */
  first: number;
  used: number;
  /** The database's second when the block was drawn; every msgid of the block carries it. */
  secondMs: number;
  /** Database time at the draw plus the local time since the query was sent: never earlier than the real one. */
  latestDbMs: () => number;
}

/**
 * Unique across workers and restarts without a database round trip per call: a process draws a block of
 * 20 sequence numbers with the database's clock (`yibao_msgid_block_seq` cycles through 500 blocks), and
 * every msgid of the block carries the second of the draw. The same msgid would need the same block drawn
 * twice in one second, i.e. 500 draws system-wide in that second; each process draws at most one block per
 * second plus one per 20 calls, so this holds far beyond what the hospital sends, and workers with skewed
 * clocks cannot collide. A block is kept for later calls only within the second of its draw (judged by an
 * upper bound of the database's clock), so inf_time stays the time of sending; the callers a draw was made
 * for use it even when a slow answer arrived after that second, so a loaded process never draws in vain.
 */
export class PostgresMsgidSource implements MsgidSource {
  private block: MsgidBlock | undefined;
  private drawing: Promise<MsgidBlock> | undefined;

  constructor(
    private readonly sql: postgres.Sql,
    /** Monotonic milliseconds; injectable for tests. */
    private readonly monotonicNow: () => number = () => performance.now()
  ) {}

  async next(fixmedinsCode: string): Promise<MsgidStamp> {
    const kept = this.block;
    let block = kept && kept.latestDbMs() < kept.secondMs + 1000 ? kept : undefined;
    while (!block || block.used >= msgidBlockSize) {
      this.drawing ??= this.draw().finally(() => {
        this.drawing = undefined;
      });
      block = await this.drawing;
      this.block = block;
    }
    const sequence = block.first + block.used;
    block.used += 1;
    const time = new Date(block.secondMs);
    return { msgid: formatMsgid(fixmedinsCode, time, sequence), time };
  }

  private async draw(): Promise<MsgidBlock> {
    const sentAt = this.monotonicNow();
    const [row] = await this.sql<{ block: string; ms: string }[]>`
      select nextval('yibao_msgid_block_seq') as block, floor(extract(epoch from clock_timestamp()) * 1000)::bigint as ms`;
    if (!row) throw new Error('msgid block sequence returned no row');
    const dbMs = Number(row.ms);
    return {
      first: Number(row.block) * msgidBlockSize,
      used: 0,
      secondMs: Math.floor(dbMs / 1000) * 1000,
      latestDbMs: () => dbMs + (this.monotonicNow() - sentAt)
    };
  }
}

export interface BuildEnvelopeArgs {
  infno: string;
  stamp: MsgidStamp;
  operator: Operator;
  signNo: string;
  insuplcAdmdvs: string;
  input: Record<string, unknown>;
}

export function buildRequestEnvelope(settings: EnvelopeSettings, args: BuildEnvelopeArgs): RequestEnvelope {
  return {
    infno: args.infno,
    msgid: args.stamp.msgid,
    mdtrtarea_admvs: settings.mdtrtareaAdmvs,
    insuplc_admdvs: args.insuplcAdmdvs,
    recer_sys_code: settings.recerSysCode,
    dev_no: settings.devNo ?? '',
    dev_safe_info: '',
    cainfo: '',
    signtype: '',
    infver: settings.infver,
    opter_type: args.operator.opterType,
    opter: args.operator.opter,
    opter_name: args.operator.opterName,
    inf_time: formatDateTime(args.stamp.time),
    fixmedins_code: settings.fixmedinsCode,
    fixmedins_name: settings.fixmedinsName,
    sign_no: args.signNo,
    input: args.input
  };
}

/** Names the spec itself spells in camelCase (9001/9002/9102 nodes, 1901 fields); all others are lower case. */
const camelCaseSpecKeys = new Set(['signIn', 'signOut', 'fsDownloadIn', 'expContent', 'parentValue', 'valiFlag']);

/** Keys of a JSON value that break the lower-case rule (spec §4.4). */
export function upperCaseKeys(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) upperCaseKeys(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key !== key.toLowerCase() && !camelCaseSpecKeys.has(key)) found.push(key);
      upperCaseKeys(child, found);
    }
  }
  return found;
}

/** Envelope problems as the platform words them; an empty list means the envelope is well formed. */
export function checkRequestEnvelope(envelope: unknown): string[] {
  const problems = checkWireRow(requestEnvelopeTable, envelope);
  if (problems.length > 0) return problems;
  const value = envelope as RequestEnvelope;
  // A character column: some clients write the code as the JSON number 1 (the Jiangxi client does).
  if (!opterTypes.includes(String(value.opter_type))) problems.push('[opter_type]经办人类别取值错误');
  const msgid = parseMsgid(String(value.msgid));
  if (!msgid || msgid.fixmedinsCode !== String(value.fixmedins_code)) {
    problems.push('[msgid]发送方报文ID格式错误，应为定点医药机构编号(12)+时间(14)+顺序号(1-4位)');
  }
  if (typeof value.input !== 'string' && (value.input === null || typeof value.input !== 'object')) {
    problems.push('[input]交易输入必须为JSON对象');
  } else if (JSON.stringify(value.input).length > maxInputLength) {
    problems.push(`[input]交易输入长度不能超过${maxInputLength}`);
  }
  const upper = upperCaseKeys(value.input);
  if (upper.length > 0) problems.push(`节点名称必须小写：${upper.join(',')}`);
  return problems;
}

/** The response envelope; infcode arrives as a number or a string, inf_refmsgid may be "" or null on failure. */
export const responseEnvelopeSchema = z.object({
  infcode: z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform(Number),
  inf_refmsgid: z.string().nullish(),
  refmsg_time: z.string().nullish(),
  respond_time: z.string().nullish(),
  err_msg: z.string().nullish(),
  warn_msg: z.string().nullish(),
  output: z.unknown(),
  cainfo: z.string().nullish(),
  signtype: z.string().nullish(),
  enc_type: z.string().nullish()
});

export type ResponseEnvelope = z.infer<typeof responseEnvelopeSchema>;

/** Some gateways wrap the envelope as `{code, type, message, data: <envelope>}`; unwrap it. */
export function unwrapResponse(body: unknown): unknown {
  if (body !== null && typeof body === 'object' && !('infcode' in body) && 'data' in body) {
    const inner = body.data;
    if (inner !== null && typeof inner === 'object' && 'infcode' in inner) return inner;
  }
  return body;
}
