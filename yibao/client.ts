/**
 * YibaoClient: the one way the system talks to the Jiangxi medical-insurance platform. Workflow activities
 * call its typed methods (through yibao/operations/, in the hospital's terms); each call is validated,
 * enveloped, signed, sent, verified, parsed and logged. The HTTP exchange is exchange.ts, the memory of
 * insured persons person-directory.ts, the configuration adapter runtime/yibao-client-options.ts.
 */
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/connection';
import type { FieldCrypto } from '../crypto/field-encryption';
import { Sm2Signer, Sm2Verifier, initGm } from '../crypto/gm';
import { PostgresMsgidSource, type EnvelopeSettings, type MsgidSource, type Operator } from './envelope';
import {
  YibaoAmbiguousError,
  YibaoBusinessError,
  YibaoError,
  YibaoGatewayAuthError,
  YibaoNetworkError,
  YibaoValidationError,
  isSignInRejectedMessage
} from './errors';
import { PlatformExchange, zodIssues, type ExchangeTrace } from './exchange';
import type { AuthMode, CsbCredentials, TifCredentials } from './gateway';
import type { post } from './http';
import { InterfaceLog, ensureInterfaceLogPartitions, type CallOutcome } from './interface-log';
import { PersonDirectory, type RememberedPerson } from './person-directory';
import { SignInSessions, type SignInRecord } from './sign-in';
import { formatDate } from './time';
import type { InputOf, Transaction } from './transactions/definition';
import { personInfo1101 } from './transactions/1101-person-info';
import { diseaseCatalogue1309 } from './transactions/1309-disease-catalogue';
import { dictionary1901 } from './transactions/1901-dictionary';
import { chronicFiling2503 } from './transactions/2503-chronic-filing';
import { chronicRevoke2504 } from './transactions/2504-chronic-revoke';
import { dualChannelFiling2511, type DualChannelFilingInput } from './transactions/2511-dual-channel-filing';
import { dualChannelRevoke2512 } from './transactions/2512-dual-channel-revoke';
import { reversal2601 } from './transactions/2601-reversal';
import { medicationRecords5205 } from './transactions/5205-medication-records';
import { chronicQuery5301 } from './transactions/5301-chronic-query';
import { dualChannelQuery5311 } from './transactions/5311-dual-channel-query';
import { signIn9001 } from './transactions/9001-sign-in';
import { signOut9002 } from './transactions/9002-sign-out';
import {
  fileDownload9102,
  parseDiseaseCatalogueZip,
  type DiseaseCatalogueEntry
} from './transactions/9102-file-download';

export interface YibaoClientOptions {
  /** e.g. `http://127.0.0.1:3100`. */
  baseUrl: string;
  /** `csb`: POST {base}/CSB/hsa-fsi-{infno}; `single`: POST {base}/fsi/api/rsfComIfsService/callService. */
  pathStyle: 'csb' | 'single';
  auth: ReadonlySet<AuthMode>;
  envelope: EnvelopeSettings;
  /** Operator of calls that name none (scheduled jobs). */
  defaultOperator: Operator;
  signInTerminal: { mac: string; ip: string };
  timeoutMs: number;
  csb?: CsbCredentials | undefined;
  tif?: TifCredentials | undefined;
  sm2?: { privateKey: string; platformPublicKey: string; userId: string } | undefined;
  sm4Key?: Buffer | undefined;
  database: Pick<DatabaseHandle, 'db' | 'sql'>;
  fieldCrypto: FieldCrypto;
  logger?: Logger | undefined;
  msgidSource?: MsgidSource | undefined;
  /** Clock of the gateway headers and sign-in day. */
  now?: (() => number) | undefined;
  /** The HTTP exchange; the benchmark replaces it to time the client without the network. */
  transport?: typeof post | undefined;
}

/** What the caller knows about a call beyond its input. */
export interface CallContext {
  /** 申请单号, logged with the call. */
  applicationNo?: string | undefined;
  /** The caller's attempt number (the workflow activity's), logged with the call. */
  attempt?: number | undefined;
  operator?: Operator | undefined;
  /** Overrides the 参保地医保区划 remembered from 1101. */
  insuplcAdmdvs?: string | undefined;
  /** The patient's numbers, for the log's search columns when the input itself does not carry them. */
  patient?: { certNo?: string | undefined; cardNo?: string | undefined } | undefined;
}

export interface YibaoResult<O> {
  data: O;
  msgid: string;
  infRefmsgid: string | undefined;
}

export class YibaoClient {
  private readonly sessions: SignInSessions;
  private readonly log: InterfaceLog;
  private readonly exchange: PlatformExchange;
  private readonly persons: PersonDirectory;
  private readonly now: () => number;

  private constructor(private readonly options: YibaoClientOptions) {
    this.sessions = new SignInSessions(options.database.sql);
    this.log = new InterfaceLog(options.database.db, options.fieldCrypto, options.logger);
    this.persons = new PersonDirectory(options.database.db, options.fieldCrypto);
    let signer: Sm2Signer | undefined;
    let platformVerifier: Sm2Verifier | undefined;
    if (options.auth.has('sm2')) {
      if (!options.sm2) throw new Error('YIBAO_AUTH sm2 needs SM2 keys');
      signer = new Sm2Signer(options.sm2.privateKey, { userId: options.sm2.userId });
      platformVerifier = new Sm2Verifier(options.sm2.platformPublicKey, { userId: options.sm2.userId });
    }
    if (options.auth.has('csb') && !options.csb) throw new Error('YIBAO_AUTH csb needs CSB credentials');
    if (options.auth.has('tif') && !options.tif) throw new Error('YIBAO_AUTH tif needs TIF credentials');
    if (options.auth.has('sm4') && options.sm4Key?.length !== 16) throw new Error('YIBAO_AUTH sm4 needs a 16-byte key');
    this.now = options.now ?? Date.now;
    this.exchange = new PlatformExchange({
      ...options,
      msgids: options.msgidSource ?? new PostgresMsgidSource(options.database.sql),
      signer,
      platformVerifier,
      now: this.now
    });
  }

  /** Initialises the 国密 RNG pool and self-tests and the log's monthly partitions, then returns the client. */
  static async create(options: YibaoClientOptions): Promise<YibaoClient> {
    await initGm();
    await ensureInterfaceLogPartitions(options.database.sql, new Date());
    return new YibaoClient(options);
  }

  /** Writes the interface-log rows still queued, then closes the connections to the platform. */
  async close(): Promise<void> {
    await this.log.flush();
    this.exchange.close();
  }

  /** Resolves once every interface-log row of the calls made so far is written. */
  flushLog(): Promise<void> {
    return this.log.flush();
  }

  // ---- Typed transactions -------------------------------------------------------------------------

  /** 【1101】 Also remembers psn_no → insuplc_admdvs (and the ID number) for the person's later calls. */
  async getPersonInfo(input: InputOf<typeof personInfo1101>, context: CallContext = {}) {
    const patient = {
      certNo: context.patient?.certNo ?? (input.mdtrtCertType === '02' ? input.mdtrtCertNo : input.certno),
      cardNo: context.patient?.cardNo ?? (input.mdtrtCertType === '03' ? input.mdtrtCertNo : undefined)
    };
    const result = await this.call(personInfo1101, input, { ...context, patient });
    await this.persons.remember(result.data, patient.cardNo);
    return result;
  }

  /** 【1309】 */
  queryDiseaseCatalogue(input: InputOf<typeof diseaseCatalogue1309>, context: CallContext = {}) {
    return this.call(diseaseCatalogue1309, input, context);
  }

  /** 【9102】 The file's bytes (a ZIP). */
  async downloadFile(input: { fileQuryNo: string; filename: string }, context: CallContext = {}) {
    return this.call(fileDownload9102, { ...input, fixmedinsCode: 'plc' }, context);
  }

  /** 【1309】+【9102】 Catalogue entries newer than `ver`. */
  async downloadDiseaseCatalogue(ver: string, context: CallContext = {}): Promise<DiseaseCatalogueEntry[]> {
    const listing = await this.queryDiseaseCatalogue({ ver }, context);
    const file = await this.downloadFile(
      { fileQuryNo: listing.data.fileQuryNo, filename: listing.data.filename },
      context
    );
    return parseDiseaseCatalogueZip(file.data);
  }

  /** 【2503】 State-changing: on YibaoAmbiguousError reconcile with 5301, never re-send blindly. */
  fileChronicDisease(input: InputOf<typeof chronicFiling2503>, context: CallContext = {}) {
    return this.call(chronicFiling2503, input, context);
  }

  /** 【2504】 */
  revokeChronicDisease(input: InputOf<typeof chronicRevoke2504>, context: CallContext = {}) {
    return this.call(chronicRevoke2504, input, context);
  }

  /** 【5301】 Approved, currently valid filings. */
  queryChronicFilings(input: InputOf<typeof chronicQuery5301>, context: CallContext = {}) {
    return this.call(chronicQuery5301, input, context);
  }

  /** 【5205】 */
  queryMedicationRecords(input: InputOf<typeof medicationRecords5205>, context: CallContext = {}) {
    return this.call(medicationRecords5205, input, context);
  }

  /** 【2511】 State-changing: on YibaoAmbiguousError reconcile with 5311. */
  fileDualChannel(input: DualChannelFilingInput, context: CallContext = {}) {
    return this.call(dualChannelFiling2511, input, {
      ...context,
      patient: { certNo: input.person.certno, ...context.patient }
    });
  }

  /** 【5311】 Approved filings valid in the date range. */
  queryDualChannelFilings(input: InputOf<typeof dualChannelQuery5311>, context: CallContext = {}) {
    return this.call(dualChannelQuery5311, input, context);
  }

  /** 【2512】 */
  revokeDualChannel(input: InputOf<typeof dualChannelRevoke2512>, context: CallContext = {}) {
    return this.call(dualChannelRevoke2512, input, context);
  }

  /** 【2601】 */
  reverse(input: InputOf<typeof reversal2601>, context: CallContext = {}) {
    return this.call(reversal2601, input, context);
  }

  /** 【1901】 */
  queryDictionary(input: InputOf<typeof dictionary1901>, context: CallContext = {}) {
    return this.call(dictionary1901, input, context);
  }

  /** 【9001】 Explicit sign-in (calls sign in lazily on their own); returns the operator's sign_no for today. */
  async signIn(operator: Operator = this.options.defaultOperator): Promise<string> {
    return this.sessions.current(operator.opter, formatDate(new Date(this.now())), () => this.signInNow(operator));
  }

  /**
   * 【9002】 Explicit only: the platform signs the operator out on every terminal, so no worker does this
   * when it stops. Returns the sign_no signed out, or undefined when the operator holds none today.
   */
  async signOut(context: CallContext = {}): Promise<string | undefined> {
    const operator = context.operator ?? this.options.defaultOperator;
    const signNo = await this.sessions.valid(
      this.options.database.sql,
      operator.opter,
      formatDate(new Date(this.now()))
    );
    if (!signNo) return undefined;
    await this.exchangeLogged(signOut9002, { signNo, opterNo: operator.opter }, { ...context, operator }, signNo, '');
    await this.sessions.markSignedOut(operator.opter, signNo);
    return signNo;
  }

  /** The operator calls are made as unless a call names another. */
  get defaultOperator(): Operator {
    return this.options.defaultOperator;
  }

  /** Sign-in sessions of the last `days` days, newest first. */
  recentSignIns(days: number): Promise<SignInRecord[]> {
    return this.sessions.recent(days);
  }

  // ---- The call pipeline --------------------------------------------------------------------------

  /** Any transaction by its definition; the typed methods above are the usual entry. */
  async call<I, O>(transaction: Transaction<I, O>, rawInput: I, context: CallContext = {}): Promise<YibaoResult<O>> {
    const operator = context.operator ?? this.options.defaultOperator;
    const started = performance.now();
    const parsed = transaction.input.safeParse(rawInput);
    if (!parsed.success) {
      const error = new YibaoValidationError(zodIssues(parsed.error), transaction.infno);
      this.writeLog(transaction.infno, context, operator, started, { outcome: 'validation', error });
      throw error;
    }
    const input = parsed.data;
    const psnNo = transaction.psnNo(input);
    const person = psnNo ? await this.persons.lookup(psnNo) : undefined;
    const insuplcAdmdvs = context.insuplcAdmdvs ?? person?.insuplcAdmdvs ?? '';
    if (psnNo && insuplcAdmdvs === '') {
      const error = new YibaoValidationError(['缺少参保地医保区划：请先以【1101】获取该人员信息'], transaction.infno);
      this.writeLog(transaction.infno, context, operator, started, { outcome: 'validation', error });
      throw error;
    }
    const logContext = { ...context, operator, person };
    const day = formatDate(new Date(this.now()));
    const signNo = await this.sessions.current(operator.opter, day, () => this.signInNow(operator));
    try {
      return await this.exchangeLogged(transaction, input, logContext, signNo, insuplcAdmdvs);
    } catch (error) {
      if (!(error instanceof YibaoBusinessError) || !isSignInRejectedMessage(error.errMsg)) throw error;
      // The platform no longer accepts this sign_no (expired, signed out elsewhere): renew once and retry.
      await this.sessions.invalidate(operator.opter, day, signNo);
      const renewed = await this.sessions.current(operator.opter, day, () => this.signInNow(operator));
      return this.exchangeLogged(transaction, input, logContext, renewed, insuplcAdmdvs);
    }
  }

  private async signInNow(operator: Operator): Promise<string> {
    const result = await this.exchangeLogged(
      signIn9001,
      { opterNo: operator.opter, mac: this.options.signInTerminal.mac, ip: this.options.signInTerminal.ip },
      { operator },
      '',
      ''
    );
    return result.data.signNo;
  }

  private async exchangeLogged<I, O>(
    transaction: Transaction<I, O>,
    input: I,
    context: CallContext & { person?: RememberedPerson | undefined },
    signNo: string,
    insuplcAdmdvs: string
  ): Promise<YibaoResult<O>> {
    const operator = context.operator ?? this.options.defaultOperator;
    const started = performance.now();
    const wire = transaction.toWire(input);
    const trace: ExchangeTrace = { request: wire };
    try {
      const result = await this.exchange.send(transaction, wire, operator, signNo, insuplcAdmdvs, trace);
      // 1101 by card or e-voucher learns the ID number only from its answer; log the call under it too.
      const answeredCertno = certnoOf(trace.response);
      const logged =
        context.patient?.certNo || !answeredCertno
          ? context
          : { ...context, patient: { ...context.patient, certNo: answeredCertno } };
      this.writeLog(transaction.infno, logged, operator, started, { outcome: 'ok', trace });
      return { data: result.output, msgid: result.msgid, infRefmsgid: result.infRefmsgid };
    } catch (error) {
      const outcome: CallOutcome =
        error instanceof YibaoBusinessError
          ? 'business'
          : error instanceof YibaoNetworkError
            ? 'network'
            : error instanceof YibaoAmbiguousError
              ? 'ambiguous'
              : error instanceof YibaoGatewayAuthError
                ? 'gateway-auth'
                : 'validation';
      this.writeLog(transaction.infno, context, operator, started, { outcome, trace, error });
      if (error instanceof YibaoError) {
        this.options.logger?.warn(
          { infno: transaction.infno, msgid: trace.msgid, code: error.code, httpStatus: trace.httpStatus },
          'yibao call failed'
        );
      }
      throw error;
    }
  }

  private writeLog(
    infno: string,
    context: CallContext & { person?: RememberedPerson | undefined },
    operator: Operator,
    started: number,
    result: { outcome: CallOutcome; trace?: ExchangeTrace; error?: unknown }
  ): void {
    const { trace, error } = result;
    try {
      this.log.record({
        calledAt: new Date(),
        infno,
        msgid: trace?.msgid,
        infRefmsgid: trace?.infRefmsgid,
        opter: operator.opter,
        applicationNo: context.applicationNo,
        attempt: context.attempt ?? 1,
        durationMs: performance.now() - started,
        httpStatus: trace?.httpStatus,
        infcode: trace?.infcode,
        outcome: result.outcome,
        errorCode: error instanceof YibaoError ? error.code : undefined,
        errMsg: trace?.errMsg ?? (error instanceof Error ? error.message.slice(0, 500) : undefined),
        requestBody: trace?.request,
        responseBody: trace?.response,
        certNo: context.patient?.certNo,
        cardNo: context.patient?.cardNo,
        encrypted: context.person
      });
    } catch (logError) {
      // A failed log entry must not turn a committed filing into an error the caller would retry.
      this.options.logger?.error({ infno, msgid: trace?.msgid, err: logError }, 'yibao interface log entry failed');
    }
  }
}

/** `output.baseinfo.certno` of an answer (1101), if any. */
function certnoOf(response: unknown): string | undefined {
  const output = (response as { output?: { baseinfo?: { certno?: unknown } } } | undefined)?.output;
  const certno = output?.baseinfo?.certno;
  return typeof certno === 'string' && certno !== '' ? certno : undefined;
}
