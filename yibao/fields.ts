/**
 * Field tables restate the spec's columns once (wire name, 名称, type, length, required) and drive everything
 * that depends on them: the zod schema of the camelCase input, the wire serialisation (empty numbers as
 * "0", other empties as ""), the simulator's platform-side checks with Chinese messages, and output parsing.
 */
import { z } from 'zod';

/** C 字符型, N 数值型, D 日期型, DT 日期时间型, LIST a list of strings, ARRAY an opaque JSON array, ANY any JSON. */
export type WireType = 'C' | 'N' | 'D' | 'DT' | 'LIST' | 'ARRAY' | 'ANY';

export interface FieldSpec<T extends WireType = WireType, R extends boolean = boolean> {
  wire: string;
  label: string;
  type: T;
  /** Maximum length in characters (for LIST: of each item). */
  len?: number;
  required: R;
}

export type FieldTable = Record<string, FieldSpec>;

function field<T extends WireType, R extends boolean>(
  type: T,
  wire: string,
  label: string,
  required: R,
  len?: number
): FieldSpec<T, R> {
  return len === undefined ? { wire, label, type, required } : { wire, label, type, len, required };
}

export const C = <R extends boolean>(wire: string, label: string, len: number, required: R) =>
  field('C', wire, label, required, len);
export const N = <R extends boolean>(wire: string, label: string, len: number, required: R) =>
  field('N', wire, label, required, len);
export const D = <R extends boolean>(wire: string, label: string, required: R) => field('D', wire, label, required);
export const DT = <R extends boolean>(wire: string, label: string, required: R) => field('DT', wire, label, required);
export const LIST = <R extends boolean>(wire: string, label: string, itemLen: number, required: R) =>
  field('LIST', wire, label, required, itemLen);
export const ARRAY = <R extends boolean>(wire: string, label: string, required: R) =>
  field('ARRAY', wire, label, required);
export const ANY = <R extends boolean>(wire: string, label: string, required: R) => field('ANY', wire, label, required);

type ValueOf<F> =
  F extends FieldSpec<'N'>
    ? number
    : F extends FieldSpec<'LIST'>
      ? string[]
      : F extends FieldSpec<'ARRAY'>
        ? unknown[]
        : F extends FieldSpec<'ANY'>
          ? unknown
          : string;

type RequiredKeys<T extends FieldTable> = { [K in keyof T]: T[K]['required'] extends true ? K : never }[keyof T];
type OptionalKeys<T extends FieldTable> = Exclude<keyof T, RequiredKeys<T>>;

/** The camelCase row a table describes: required columns required, the others optional. */
export type RowOf<T extends FieldTable> = { [K in RequiredKeys<T>]: ValueOf<T[K]> } & {
  [K in OptionalKeys<T>]?: ValueOf<T[K]> | undefined;
};

export const datePattern = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const dateTimePattern = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

function isRealDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1));
  return date.getUTCFullYear() === year && date.getUTCMonth() + 1 === month && date.getUTCDate() === day;
}

function charLength(text: string): number {
  return [...text].length;
}

function fieldName(spec: FieldSpec): string {
  return `${spec.label}(${spec.wire})`;
}

function valueSchema(spec: FieldSpec): z.ZodType {
  const name = fieldName(spec);
  switch (spec.type) {
    case 'N':
      return z.number({ error: `${name}必须为数值` }).refine(Number.isFinite, `${name}必须为数值`);
    case 'LIST':
      return z
        .array(
          z
            .string({ error: `${name}的元素必须为字符串` })
            .refine(item => charLength(item) <= (spec.len ?? Infinity), `${name}的元素长度不能超过${spec.len}`)
        )
        .refine(list => !spec.required || list.length > 0, `${name}不能为空`);
    case 'ARRAY':
      return z.array(z.unknown());
    case 'ANY':
      return z.unknown();
    case 'D':
      return z
        .string({ error: `${name}必须为字符串` })
        .refine(text => text === '' || (datePattern.test(text) && isRealDate(text)), `${name}应为yyyy-MM-dd格式的日期`);
    case 'DT':
      return z
        .string({ error: `${name}必须为字符串` })
        .refine(
          text => text === '' || (dateTimePattern.test(text) && isRealDate(text)),
          `${name}应为yyyy-MM-dd HH:mm:ss格式的时间`
        );
    case 'C':
      return z
        .string({ error: `${name}必须为字符串` })
        .refine(text => charLength(text) <= (spec.len ?? Infinity), `${name}长度不能超过${spec.len}`);
  }
}

/** The zod schema of a table's camelCase row; messages are Chinese because staff read them. */
export function rowSchema<T extends FieldTable>(table: T): z.ZodType<RowOf<T>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, spec] of Object.entries(table)) {
    const value = valueSchema(spec);
    shape[key] = spec.required
      ? z
          .unknown()
          .refine(v => v !== '' && v !== undefined && v !== null, {
            message: `${fieldName(spec)}不能为空`,
            abort: true
          })
          .pipe(value)
      : value.optional();
  }
  // The shape is built from the table, so zod cannot infer RowOf<T>; the cast restates what the loop built.
  return z.object(shape).strict() as unknown as z.ZodType<RowOf<T>>;
}

/** Wire row in table order: empty numbers "0", empty lists [], other empties "" (spec §4.4). */
export function toWireRow<T extends FieldTable>(table: T, row: RowOf<T>): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  const values = row as Record<string, unknown>;
  for (const [key, spec] of Object.entries(table)) {
    const value = values[key];
    const empty = value === undefined || value === null || value === '';
    if (spec.type === 'N') wire[spec.wire] = empty ? '0' : value;
    else if (spec.type === 'LIST' || spec.type === 'ARRAY') wire[spec.wire] = empty ? [] : value;
    else wire[spec.wire] = empty ? '' : value;
  }
  return wire;
}

function isEmptyWire(spec: FieldSpec, value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/**
 * The platform's view of a wire row: every problem as a Chinese message. A numeric column that is empty
 * must arrive as "0"; unknown keys are ignored as the platform ignores them.
 */
export function checkWireRow(table: FieldTable, row: unknown): string[] {
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return ['输入节点必须为JSON对象'];
  const values = row as Record<string, unknown>;
  const problems: string[] = [];
  for (const spec of Object.values(table)) {
    const value = values[spec.wire];
    const name = `[${spec.wire}]${spec.label}`;
    if (spec.type === 'N') {
      if (value === undefined || value === null || value === '') {
        problems.push(`${name}为空时必须传"0"`);
      } else if (typeof value !== 'number' && !(typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) {
        problems.push(`${name}必须为数值`);
      }
      continue;
    }
    if (isEmptyWire(spec, value)) {
      if (spec.required) problems.push(`${name}不能为空`);
      continue;
    }
    switch (spec.type) {
      case 'C':
        if (typeof value !== 'string' && typeof value !== 'number') problems.push(`${name}必须为字符串`);
        else if (spec.len !== undefined && charLength(String(value)) > spec.len) {
          problems.push(`${name}长度不能超过${spec.len}`);
        }
        break;
      case 'D':
        if (typeof value !== 'string' || !datePattern.test(value) || !isRealDate(value)) {
          problems.push(`${name}格式错误，应为yyyy-MM-dd`);
        }
        break;
      case 'DT':
        if (typeof value !== 'string' || !dateTimePattern.test(value) || !isRealDate(value)) {
          problems.push(`${name}格式错误，应为yyyy-MM-dd HH:mm:ss`);
        }
        break;
      case 'LIST':
        if (!Array.isArray(value) || value.some(item => typeof item !== 'string'))
          problems.push(`${name}必须为字符串数组`);
        else if (value.some(item => charLength(String(item)) > (spec.len ?? Infinity))) {
          problems.push(`${name}的元素长度不能超过${spec.len}`);
        }
        break;
      case 'ARRAY':
        if (!Array.isArray(value)) problems.push(`${name}必须为数组`);
        break;
      case 'ANY':
        break;
    }
  }
  return problems;
}

function outputValueSchema(spec: FieldSpec): z.ZodType {
  const blank = (value: unknown) => value === undefined || value === null || value === '';
  switch (spec.type) {
    case 'N':
      return z
        .union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/), z.literal(''), z.null(), z.undefined()])
        .transform(value => (blank(value) ? undefined : Number(value)));
    case 'LIST':
      return z
        .union([z.array(z.union([z.string(), z.number()])), z.null(), z.undefined()])
        .transform(value => value?.map(String));
    case 'ARRAY':
      return z
        .union([z.array(z.unknown()), z.null(), z.undefined(), z.literal('')])
        .transform(value => value || undefined);
    case 'ANY':
      return z.unknown().transform(value => (blank(value) ? undefined : value));
    case 'D':
    case 'DT':
    case 'C':
      return z
        .union([z.string(), z.number(), z.null(), z.undefined()])
        .transform(value => (blank(value) ? undefined : String(value)));
  }
}

/** Parses one wire output row into camelCase; required columns must be present, unknown ones are dropped. */
export function outputRowSchema<T extends FieldTable>(table: T): z.ZodType<RowOf<T>> {
  const shape: Record<string, z.ZodType> = {};
  const renames: [string, string][] = [];
  for (const [key, spec] of Object.entries(table)) {
    // Optional at the key level too: zod 4 reports a missing key before any transform runs.
    const value = outputValueSchema(spec).optional();
    shape[spec.wire] = spec.required ? value.refine(v => v !== undefined, `输出项${fieldName(spec)}不能为空`) : value;
    renames.push([spec.wire, key]);
  }
  // As in rowSchema, the shape comes from the table; the transform produces exactly RowOf<T>.
  return z.object(shape).transform(wire => {
    const row: Record<string, unknown> = {};
    for (const [wireName, key] of renames) {
      const value = (wire as Record<string, unknown>)[wireName];
      if (value !== undefined) row[key] = value;
    }
    return row;
  }) as unknown as z.ZodType<RowOf<T>>;
}
