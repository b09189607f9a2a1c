import { z } from 'zod';
import { checkWireRow, outputRowSchema, rowSchema, toWireRow, type FieldTable, type RowOf } from '../fields';

/** One Yibao transaction: how its camelCase input is checked and put on the wire, and how its output is read. */
export interface Transaction<I, O> {
  infno: string;
  /** 交易名称. */
  name: string;
  /** True when the platform's state changes (filings, revocations): such calls are never re-sent blindly. */
  stateChanging: boolean;
  input: z.ZodType<I>;
  toWire(input: I): Record<string, unknown>;
  /** The platform's checks of the wire `input`, as Chinese messages; the simulator applies them. */
  checkWire(input: unknown): string[];
  /** Reads the envelope's `output`. */
  output: z.ZodType<O>;
  /** The psn_no the input carries; such calls need insuplc_admdvs from 1101. */
  psnNo(input: I): string | undefined;
}

/** The camelCase input type of a transaction. */
export type InputOf<T> = T extends Transaction<infer I, unknown> ? I : never;

export interface NodeSpec {
  table: FieldTable;
  /** Multi-row node (a JSON array). */
  multi: boolean;
  required: boolean;
}

/** Checks every node of a wire input; unknown nodes are ignored as the platform ignores them. */
export function checkNodes(input: unknown, nodes: Record<string, NodeSpec>): string[] {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return ['交易输入必须为JSON对象'];
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(nodes)) {
    const value = (input as Record<string, unknown>)[name];
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
      if (spec.required) problems.push(`交易输入缺少节点${name}`);
      continue;
    }
    if (spec.multi) {
      if (!Array.isArray(value)) {
        problems.push(`节点${name}必须为数组`);
        continue;
      }
      value.forEach((row, index) =>
        problems.push(...checkWireRow(spec.table, row).map(problem => `${name}[${index}]${problem}`))
      );
    } else {
      problems.push(...checkWireRow(spec.table, value));
    }
  }
  return problems;
}

/** A transaction whose input is one row in node `data` (most of them). */
export function dataRowTransaction<T extends FieldTable, O>(definition: {
  infno: string;
  name: string;
  stateChanging: boolean;
  table: T;
  node?: string;
  output: z.ZodType<O>;
  refine?: (input: RowOf<T>, context: z.RefinementCtx) => void;
}): Transaction<RowOf<T>, O> {
  const node = definition.node ?? 'data';
  const base = rowSchema(definition.table);
  const refine = definition.refine;
  const input = refine ? base.superRefine((value, context) => refine(value, context)) : base;
  return {
    infno: definition.infno,
    name: definition.name,
    stateChanging: definition.stateChanging,
    input,
    toWire: value => ({ [node]: toWireRow(definition.table, value) }),
    checkWire: wire => checkNodes(wire, { [node]: { table: definition.table, multi: false, required: true } }),
    output: definition.output,
    psnNo: value => {
      const psnNo = (value as Record<string, unknown>).psnNo;
      return typeof psnNo === 'string' && psnNo !== '' ? psnNo : undefined;
    }
  };
}

/** Output of transactions that return nothing (2504, 2512, 2601): whatever arrives is accepted. */
export const emptyOutput = z.unknown().transform(() => ({}) as Record<string, never>);

/** `{ <node>: row }` → row in camelCase. */
export function singleNodeOutput<T extends FieldTable>(node: string, table: T): z.ZodType<RowOf<T>> {
  return z.object({ [node]: outputRowSchema(table) }).transform(output => output[node] as RowOf<T>);
}

/** `{ <node>: [rows] }` → rows in camelCase; a missing or null node is an empty list. */
export function multiNodeOutput<T extends FieldTable>(node: string, table: T): z.ZodType<RowOf<T>[]> {
  return z
    .union([z.object({ [node]: z.array(outputRowSchema(table)).nullish() }), z.null(), z.undefined(), z.literal('')])
    .transform(output => (output && typeof output === 'object' ? (output[node] ?? []) : []));
}
