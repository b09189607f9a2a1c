/**
 * Everything the simulated platform remembers: insured persons, sign-ins, filings and their review status,
 * received msgids, catalogue files, counters and the configured faults.
 */
import { z } from 'zod';
import { seedPersons, type SimPerson } from './data';

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

export class SimulatorState {
  persons: SimPerson[] = [];
  signIns = new Map<string, SimSignIn>();
  filings = new Map<string, SimFiling>();
  /** msgid → its infno and time of receipt (duplicates, 2601). */
  msgids = new Map<string, { infno: string; receivedAt: number }>();
  files = new Map<string, { filename: string; zip: Uint8Array }>();
  requestsByInfno: Record<string, number> = {};
  filingsByPerson: Record<string, number> = {};
  faults: Faults = faultsSchema.parse({});
  private random: () => number = seededRandom(1);
  private serial = 0;
  private timers = new Set<NodeJS.Timeout>();

  constructor(private readonly decisionDelayMs: number | undefined) {
    this.reset();
  }

  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.persons = seedPersons();
    this.signIns.clear();
    this.filings.clear();
    this.msgids.clear();
    this.files.clear();
    this.requestsByInfno = {};
    this.filingsByPerson = {};
    this.setFaults(faultsSchema.parse({}));
    this.serial = 0;
  }

  setFaults(faults: Faults): void {
    this.faults = faults;
    this.random = seededRandom(faults.seed);
    if (faults.expireSignInsNow) for (const signIn of this.signIns.values()) signIn.valid = false;
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

  person(psnNo: string): SimPerson | undefined {
    return this.persons.find(person => person.psnNo === psnNo);
  }

  addFiling(filing: SimFiling): void {
    this.filings.set(filing.sn, filing);
    this.filingsByPerson[filing.psnNo] = (this.filingsByPerson[filing.psnNo] ?? 0) + 1;
    if (this.decisionDelayMs !== undefined) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.decide(filing.sn, 'approve');
      }, this.decisionDelayMs);
      timer.unref();
      this.timers.add(timer);
    }
  }

  /** The bureau's review; false when the filing is unknown or no longer pending. */
  decide(sn: string, decision: 'approve' | 'reject'): boolean {
    const filing = this.filings.get(sn);
    if (!filing || filing.status !== 'pending') return false;
    filing.status = decision === 'approve' ? 'approved' : 'rejected';
    filing.decidedAt = new Date();
    return true;
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
