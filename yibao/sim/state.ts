/**
 * Everything the simulated platform remembers: insured persons, sign-ins, filings and their review status,
 * received msgids, catalogue files, counters and the configured faults. With a store, all of it but the
 * fixed seed persons survives a restart: a call that changes the bureau's records (a filing, a revocation, a
 * sign-in or sign-out, a decision) is saved before it is answered; the rest (msgids, counters) a moment later.
 */
import { z } from 'zod';
import { seedPersons, type SimPerson } from './data';
import type { SimulatorStore } from './store';

export type FilingKind = 'chronic' | 'dual-channel';
export type FilingStatus = 'pending' | 'approved' | 'rejected' | 'revoked';

export interface SimFiling {
  kind: FilingKind;
  sn: string;
  psnNo: string;
  status: FilingStatus;
  createdAt: Date;
  decidedAt: Date | undefined;
  msgid: string;
  begndate: string;
  enddate: string | undefined;
  /** 2503: opsp_dise_code/name; 2511: the `data` row and its lists, echoed by 5311. */
  chronic?: { opspDiseCode: string; opspDiseName: string };
  dualChannel?: {
    data: Record<string, unknown>;
    drugs: Record<string, unknown>[];
    institutions: Record<string, unknown>[];
  };
}

export interface SimFile {
  filename: string;
  zip: Uint8Array;
  /** After this instant the file is gone (dld_end_time). */
  expiresAt: number;
}

export interface SimSignIn {
  signNo: string;
  /** The envelope's opter of the 9001: the sign_no is valid for this opter's calls only. */
  opter: string;
  /** signIn.opter_no of the 9001, which its 9002 must repeat. */
  opterNo: string;
  day: string;
  valid: boolean;
}

export const faultSpecSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    /** Request swallowed: no answer until the client gives up; not committed. */
    timeoutRate: z.number().min(0).max(1).default(0),
    /** Connection reset on receipt; not committed. */
    resetRate: z.number().min(0).max(1).default(0),
    /** HTTP 503 from the gateway; not committed. */
    http5xxRate: z.number().min(0).max(1).default(0),
    /** infcode -1 with `businessErrorMessage` (by default a transient one); not committed. */
    businessErrorRate: z.number().min(0).max(1).default(0),
    businessErrorMessage: z.string().min(1).max(200).default('系统繁忙，请稍后重试'),
    /** Committed, then the connection is dropped before the answer. */
    ambiguousCommitRate: z.number().min(0).max(1).default(0),
    /** The caller's sign_no is treated as expired before the call is processed. */
    signInExpiryRate: z.number().min(0).max(1).default(0)
  })
  .strict();

export type FaultSpec = z.infer<typeof faultSpecSchema>;

export const faultsSchema = z
  .object({
    seed: z.number().int().default(1),
    default: faultSpecSchema.default(faultSpecSchema.parse({})),
    byInfno: z.record(z.string().regex(/^\w{4}$/), faultSpecSchema).default({}),
    /** One shot: every current sign-in becomes invalid now. */
    expireSignInsNow: z.boolean().default(false)
  })
  .strict();

export type Faults = z.infer<typeof faultsSchema>;

/** mulberry32: a small seeded generator, so a fault run can be replayed exactly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const filingKinds = ['chronic', 'dual-channel'] as const satisfies readonly FilingKind[];
const filingStatuses = ['pending', 'approved', 'rejected', 'revoked'] as const satisfies readonly FilingStatus[];
const wireRowSchema = z.record(z.string(), z.unknown());

/** The saved form; `version` changes with any change of this shape. */
const snapshotSchema = z.object({
  version: z.literal(1),
  serial: z.number().int().min(0),
  refSerial: z.number().int().min(0),
  signIns: z.array(
    z.object({ signNo: z.string(), opter: z.string(), opterNo: z.string(), day: z.string(), valid: z.boolean() })
  ),
  filings: z.array(
    z.object({
      kind: z.enum(filingKinds),
      sn: z.string(),
      psnNo: z.string(),
      status: z.enum(filingStatuses),
      createdAt: z.iso.datetime(),
      decidedAt: z.iso.datetime().nullable(),
      msgid: z.string(),
      begndate: z.string(),
      enddate: z.string().nullable(),
      chronic: z.object({ opspDiseCode: z.string(), opspDiseName: z.string() }).optional(),
      dualChannel: z
        .object({ data: wireRowSchema, drugs: z.array(wireRowSchema), institutions: z.array(wireRowSchema) })
        .optional()
    })
  ),
  /** [msgid, infno, received at (ms)] */
  msgids: z.array(z.tuple([z.string(), z.string(), z.number()])),
  files: z.array(
    z.object({ fileQuryNo: z.string(), filename: z.string(), zipBase64: z.string(), expiresAt: z.number() })
  ),
  requestsByInfno: z.record(z.string(), z.number()),
  filingsByPerson: z.record(z.string(), z.number()),
  faults: faultsSchema
});

type Snapshot = z.input<typeof snapshotSchema>;

export class StateFileError extends Error {}

export interface SimulatorStateOptions {
  /** The bureau approves a filing this long after it arrives; undefined = only by control call. */
  decisionDelayMs?: number | undefined;
  /** Keeps the state across restarts; none = memory only. */
  store?: SimulatorStore | undefined;
  /** How long a msgid is remembered (duplicates, 2601); at least the msgid time window. */
  msgidRetentionMs?: number | undefined;
  now?: (() => number) | undefined;
  /** A save that is not on a caller's path failed; the next change tries again. */
  onSaveError?: ((error: unknown) => void) | undefined;
}

/** Changes not saved before the answer (msgids, counters) are saved this long after the first of them. */
const saveDelayMs = 200;
const signInRetentionMs = 7 * 86_400_000;

export class SimulatorState {
  persons: SimPerson[] = [];
  signIns = new Map<string, SimSignIn>();
  filings = new Map<string, SimFiling>();
  /** msgid → its infno and time of receipt (duplicates, 2601). */
  msgids = new Map<string, { infno: string; receivedAt: number }>();
  files = new Map<string, SimFile>();
  requestsByInfno: Record<string, number> = {};
  filingsByPerson: Record<string, number> = {};
  faults: Faults = faultsSchema.parse({});
  private random: () => number = seededRandom(1);
  private serial = 0;
  private refSerial = 0;
  private timers = new Set<NodeJS.Timeout>();
  private pendingSave: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly options: SimulatorStateOptions = {}) {
    this.now = options.now ?? Date.now;
    this.clear();
    const saved = this.load();
    if (saved) this.restore(saved);
  }

  /** Forgets everything (POST /sim/reset) and saves the empty state. */
  reset(): void {
    this.clear();
    this.commit();
  }

  setFaults(faults: Faults): void {
    this.faults = faults;
    this.random = seededRandom(faults.seed);
    if (faults.expireSignInsNow) for (const signIn of this.signIns.values()) signIn.valid = false;
    this.touch();
  }

  faultFor(infno: string): FaultSpec {
    return this.faults.byInfno[infno] ?? this.faults.default;
  }

  /** True with probability `rate`, drawn from the seeded generator. */
  roll(rate: number): boolean {
    return rate > 0 && this.random() < rate;
  }

  nextSerial(): number {
    this.serial += 1;
    return this.serial;
  }

  /** Serial of inf_refmsgid. */
  nextRefSerial(): number {
    this.refSerial += 1;
    return this.refSerial;
  }

  countRequest(infno: string): void {
    this.requestsByInfno[infno] = (this.requestsByInfno[infno] ?? 0) + 1;
    this.touch();
  }

  person(psnNo: string): SimPerson | undefined {
    return this.persons.find(person => person.psnNo === psnNo);
  }

  addFiling(filing: SimFiling): void {
    this.filings.set(filing.sn, filing);
    this.filingsByPerson[filing.psnNo] = (this.filingsByPerson[filing.psnNo] ?? 0) + 1;
    this.scheduleDecision(filing);
  }

  /** The bureau's review, saved at once; false when the filing is unknown or no longer pending. */
  decide(sn: string, decision: 'approve' | 'reject'): boolean {
    const filing = this.filings.get(sn);
    if (!filing || filing.status !== 'pending') return false;
    filing.status = decision === 'approve' ? 'approved' : 'rejected';
    filing.decidedAt = new Date(this.now());
    this.commit();
    return true;
  }

  /** Saves now: the change is on record before the caller answers. */
  commit(): void {
    this.cancelPendingSave();
    this.options.store?.save(this.snapshot());
  }

  /** Saves a moment later, together with whatever else changes meanwhile. */
  touch(): void {
    if (!this.options.store || this.pendingSave) return;
    this.pendingSave = setTimeout(() => {
      this.pendingSave = undefined;
      try {
        this.options.store?.save(this.snapshot());
      } catch (error) {
        this.options.onSaveError?.(error);
      }
    }, saveDelayMs);
    this.pendingSave.unref();
  }

  /** Stops the decision timers and saves what is not saved yet. */
  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.pendingSave) this.commit();
  }

  private clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.persons = seedPersons();
    this.signIns.clear();
    this.filings.clear();
    this.msgids.clear();
    this.files.clear();
    this.requestsByInfno = {};
    this.filingsByPerson = {};
    this.faults = faultsSchema.parse({});
    this.random = seededRandom(this.faults.seed);
    this.serial = 0;
    this.refSerial = 0;
  }

  private scheduleDecision(filing: SimFiling): void {
    const delay = this.options.decisionDelayMs;
    if (delay === undefined || filing.status !== 'pending') return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        this.decide(filing.sn, 'approve');
      },
      Math.max(0, filing.createdAt.getTime() + delay - this.now())
    );
    timer.unref();
    this.timers.add(timer);
  }

  private cancelPendingSave(): void {
    if (this.pendingSave) clearTimeout(this.pendingSave);
    this.pendingSave = undefined;
  }

  /** Drops what can no longer matter: msgids past retention, expired files, sign-ins of past weeks. */
  private prune(now: number): void {
    const msgidRetention = this.options.msgidRetentionMs ?? 86_400_000;
    for (const [msgid, { receivedAt }] of this.msgids) if (receivedAt < now - msgidRetention) this.msgids.delete(msgid);
    for (const [number, file] of this.files) if (file.expiresAt < now) this.files.delete(number);
    const oldestDay = new Date(now - signInRetentionMs).toISOString().slice(0, 10);
    for (const [signNo, signIn] of this.signIns) if (signIn.day < oldestDay) this.signIns.delete(signNo);
  }

  private snapshot(): Snapshot {
    this.prune(this.now());
    return {
      version: 1,
      serial: this.serial,
      refSerial: this.refSerial,
      signIns: [...this.signIns.values()],
      filings: [...this.filings.values()].map(filing => ({
        ...filing,
        createdAt: filing.createdAt.toISOString(),
        decidedAt: filing.decidedAt?.toISOString() ?? null,
        enddate: filing.enddate ?? null
      })),
      msgids: [...this.msgids].map(([msgid, { infno, receivedAt }]) => [msgid, infno, receivedAt]),
      files: [...this.files].map(([fileQuryNo, file]) => ({
        fileQuryNo,
        filename: file.filename,
        zipBase64: Buffer.from(file.zip).toString('base64'),
        expiresAt: file.expiresAt
      })),
      requestsByInfno: this.requestsByInfno,
      filingsByPerson: this.filingsByPerson,
      faults: this.faults
    };
  }

  private load(): z.infer<typeof snapshotSchema> | undefined {
    const store = this.options.store;
    if (!store) return undefined;
    const where = ` (${store.location})`;
    let raw: unknown;
    try {
      raw = store.load();
    } catch (error) {
      throw new StateFileError(`the Yibao simulator's saved state${where} cannot be read: ${String(error)}`, {
        cause: error
      });
    }
    if (raw === undefined) return undefined;
    const parsed = snapshotSchema.safeParse(raw);
    if (!parsed.success) {
      // Never start on half a memory: a bureau that silently forgot its filings is the failure this prevents.
      throw new StateFileError(
        `the Yibao simulator's saved state${where} is not of this version (${parsed.error.issues[0]?.message ?? ''}); ` +
          'delete the file to start with an empty bureau'
      );
    }
    return parsed.data;
  }

  private restore(saved: z.infer<typeof snapshotSchema>): void {
    this.serial = saved.serial;
    this.refSerial = saved.refSerial;
    for (const signIn of saved.signIns) this.signIns.set(signIn.signNo, signIn);
    for (const filing of saved.filings) {
      const { chronic, dualChannel, ...rest } = filing;
      const restored: SimFiling = {
        ...rest,
        createdAt: new Date(filing.createdAt),
        decidedAt: filing.decidedAt === null ? undefined : new Date(filing.decidedAt),
        enddate: filing.enddate ?? undefined,
        ...(chronic ? { chronic } : {}),
        ...(dualChannel ? { dualChannel } : {})
      };
      this.filings.set(filing.sn, restored);
      this.scheduleDecision(restored);
    }
    for (const [msgid, infno, receivedAt] of saved.msgids) this.msgids.set(msgid, { infno, receivedAt });
    for (const file of saved.files) {
      this.files.set(file.fileQuryNo, {
        filename: file.filename,
        zip: Buffer.from(file.zipBase64, 'base64'),
        expiresAt: file.expiresAt
      });
    }
    this.requestsByInfno = saved.requestsByInfno;
    this.filingsByPerson = saved.filingsByPerson;
    this.faults = saved.faults;
    this.random = seededRandom(saved.faults.seed);
  }
}
