/**
 * The simulated platform: the same HTTP surface as the Jiangxi platform (single entry and per-transaction CSB
 * paths), its gateway checks (401 JSON), its envelope and field checks (infcode -1 with a Chinese err_msg),
 * its state, injected faults, and a control API under /sim for tests and demos.
 */
import express, { type Request, type Response } from 'express';
import { Sm2Signer, Sm2Verifier } from '../../crypto/gm';
import { ageAt } from '../../domain/id-number';
import { checkRequestEnvelope, parseMsgid, type RequestEnvelope } from '../envelope';
import {
  csbApiName,
  csbSignature,
  decryptBody,
  encryptBody,
  signBody,
  tifSignature,
  verifyBody,
  type AuthMode,
  type CsbCredentials,
  type TifCredentials
} from '../gateway';
import { formatCompactMillis, formatCompactTime, formatDate } from '../time';
import { transactions } from '../transactions';
import { acceptsInsuplc, answeredAdmdvs, defaultAssumptions, type SimulatorAssumptions } from './assumptions';
import { handlers } from './handlers';
import { SimulatorState, faultsSchema, type FilingStatus } from './state';
import { JsonFileStore } from './store';

export interface YibaoSimulatorOptions {
  auth: ReadonlySet<AuthMode>;
  /** The one hospital the simulated platform knows. */
  fixmedinsCode: string;
  csb?: Pick<CsbCredentials, 'accessKey' | 'secretKey'> | undefined;
  tif?: TifCredentials | undefined;
  sm2?: { platformPrivateKey: string; hospitalPublicKey: string; userId: string } | undefined;
  sm4Key?: Buffer | undefined;
  /** The bureau decides (approves) a filing this long after it arrives; undefined = only by control call. */
  decisionDelayMs?: number | undefined;
  /** The platform's 医保区划, prefix of inf_refmsgid and serial numbers. */
  admdvs?: string | undefined;
  /** Gateway timestamp window (CSB default 30 min). */
  timestampWindowMs?: number | undefined;
  /** How long a "timeout" fault holds a request before dropping it. */
  timeoutHoldMs?: number | undefined;
  /** Answers where the spec is silent; unset ones take the defaults. */
  assumptions?: Partial<SimulatorAssumptions> | undefined;
  now?: (() => number) | undefined;
  /** Keeps the bureau's state in this JSON file across restarts; unset = memory only. */
  stateFile?: string | undefined;
  /** A deferred save of the state failed (the next change tries again). */
  onSaveError?: ((error: unknown) => void) | undefined;
}

class Refusal extends Error {}

export function createYibaoSimulator(options: YibaoSimulatorOptions): {
  app: express.Express;
  state: SimulatorState;
  /** Drops requests a timeout fault is holding. */
  close: () => void;
} {
  const now = options.now ?? Date.now;
  const admdvs = options.admdvs ?? '360100';
  const windowMs = options.timestampWindowMs ?? 30 * 60_000;
  const assumptions: SimulatorAssumptions = { ...defaultAssumptions, ...options.assumptions };
  const state = new SimulatorState({
    decisionDelayMs: options.decisionDelayMs,
    store: options.stateFile ? new JsonFileStore(options.stateFile) : undefined,
    // A msgid older than its time window is refused anyway; 2601 may still ask for it within a day.
    msgidRetentionMs: Math.max(86_400_000, 2 * assumptions.msgidWindowMs),
    now,
    onSaveError: options.onSaveError
  });
  const held = new Set<NodeJS.Timeout>();
  const sm2 = options.auth.has('sm2') ? options.sm2 : undefined;
  const signer = sm2 ? new Sm2Signer(sm2.platformPrivateKey, { userId: sm2.userId }) : undefined;
  const verifier = sm2 ? new Sm2Verifier(sm2.hospitalPublicKey, { userId: sm2.userId }) : undefined;

  const app = express();
  app.disable('x-powered-by');

  // ---- Control API ------------------------------------------------------------------------------
  const control = express.Router();
  control.use(express.json());
  control.get('/filings', (request, response) => {
    const { kind, status, psn_no: psnNo } = request.query;
    response.json(
      [...state.filings.values()]
        .filter(f => (!kind || f.kind === kind) && (!status || f.status === status) && (!psnNo || f.psnNo === psnNo))
        .map(f => ({
          kind: f.kind,
          sn: f.sn,
          psn_no: f.psnNo,
          status: f.status,
          msgid: f.msgid,
          begndate: f.begndate,
          enddate: f.enddate ?? null,
          opsp_dise_code: f.chronic?.opspDiseCode ?? null,
          med_list_codgs: f.dualChannel?.drugs.map(drug => drug.med_list_codg) ?? null,
          created_at: f.createdAt.toISOString(),
          decided_at: f.decidedAt?.toISOString() ?? null
        }))
    );
  });
  control.post('/filings/:sn/decision', (request, response) => {
    const decision = (request.body as { decision?: unknown } | undefined)?.decision;
    if (decision !== 'approve' && decision !== 'reject') {
      response.status(400).json({ message: 'decision 应为 approve 或 reject' });
      return;
    }
    const filing = state.filings.get(request.params.sn);
    if (!filing) {
      response.status(404).json({ message: '备案不存在' });
      return;
    }
    if (!state.decide(filing.sn, decision)) {
      response.status(409).json({ message: `备案状态为${filing.status}，不能再审核` });
      return;
    }
    response.json({ sn: filing.sn, status: filing.status satisfies FilingStatus });
  });
  control.get('/faults', (_request, response) => {
    response.json(state.faults);
  });
  control.put('/faults', (request, response) => {
    const parsed = faultsSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      response.status(400).json({ message: parsed.error.issues.map(issue => issue.message).join('; ') });
      return;
    }
    state.setFaults(parsed.data);
    response.json(state.faults);
  });
  control.get('/counters', (_request, response) => {
    response.json({ requests: state.requestsByInfno, filings_per_person: state.filingsByPerson });
  });
  control.get('/persons', (_request, response) => {
    const today = formatDate(new Date(now()));
    response.json(
      state.persons.map(person => ({
        psn_no: person.psnNo,
        psn_name: person.name,
        certno: person.certno,
        gend: person.gend,
        brdy: person.brdy,
        age: ageAt(person.brdy, today),
        tel: person.phone,
        insutype: person.insutype,
        admdvs: answeredAdmdvs(person.insuplcAdmdvs, assumptions),
        card_no: person.cardNo,
        card_sn: person.cardSn,
        ec_token: person.ecToken
      }))
    );
  });
  control.post('/reset', (_request, response) => {
    state.reset();
    response.json({ ok: true });
  });
  app.use('/sim', control);

  // ---- The platform -----------------------------------------------------------------------------
  const platformBody = express.text({ type: () => true, limit: '2mb' });

  const answer = (response: Response, infcode: 0 | -1, received: number, output: unknown, errMsg = '') => {
    const body: Record<string, unknown> = {
      infcode,
      inf_refmsgid: `${admdvs}${formatCompactTime(new Date(received))}${String(state.nextRefSerial()).padStart(10, '0')}`,
      refmsg_time: formatCompactMillis(new Date(received)),
      respond_time: formatCompactMillis(new Date(now())),
      err_msg: infcode === 0 ? '' : errMsg.slice(0, 200),
      warn_msg: '',
      output: infcode === 0 ? output : null
    };
    if (infcode === 0 && signer) {
      body.cainfo = signBody(signer, output);
      body.signtype = 'SM2';
    }
    if (infcode === 0 && options.auth.has('sm4') && options.sm4Key) {
      body.output = encryptBody(options.sm4Key, output);
      body.enc_type = 'SM4';
    }
    response.status(200).json(body);
  };

  /** The gateway's refusal message, or undefined when the headers pass. */
  const checkGateway = (request: Request, infno: string): string | undefined => {
    if (options.auth.has('csb')) {
      const headers = ['_api_name', '_api_version', '_api_timestamp', '_api_access_key', '_api_signature'].map(name =>
        request.header(name)
      );
      const [name, version, timestamp, accessKey, signature] = headers;
      if (headers.some(value => !value)) return '缺少服务网关的请求头!';
      if (!/^\d{13}$/.test(timestamp ?? '') || Math.abs(now() - Number(timestamp)) > windowMs) {
        return '签名时间戳超时!';
      }
      if (!options.csb || accessKey !== options.csb.accessKey) return '非法用户!';
      const expected = csbSignature(options.csb.secretKey, {
        _api_access_key: accessKey ?? '',
        _api_name: name ?? '',
        _api_timestamp: timestamp ?? '',
        _api_version: version ?? ''
      });
      if (expected !== signature) return '签名不一致!';
      if (name !== csbApiName(infno)) return '服务名称与请求不一致!';
    }
    if (options.auth.has('tif')) {
      const paasid = request.header('x-tif-paasid');
      const timestamp = request.header('x-tif-timestamp');
      const nonce = request.header('x-tif-nonce');
      const signature = request.header('x-tif-signature');
      if (!paasid || !timestamp || !nonce || !signature) return '缺少服务网关的请求头!';
      if (!/^\d{10}$/.test(timestamp) || Math.abs(now() - Number(timestamp) * 1000) > windowMs) {
        return '签名时间戳超时!';
      }
      if (!options.tif || paasid !== options.tif.paasid) return '非法用户!';
      if (tifSignature(timestamp, options.tif.secret, nonce) !== signature.toLowerCase()) {
        return '签名不一致!';
      }
    }
    return undefined;
  };

  /** The envelope with its input decrypted and its signature checked; throws a Refusal with the err_msg. */
  const openEnvelope = (raw: Record<string, unknown>): RequestEnvelope & { input: Record<string, unknown> } => {
    let input = raw.input;
    if (options.auth.has('sm4')) {
      if (raw.enc_type !== 'SM4' || typeof input !== 'string') throw new Refusal('交易输入应为SM4密文(enc_type=SM4)');
      try {
        input = decryptBody(options.sm4Key ?? Buffer.alloc(16), input);
      } catch {
        throw new Refusal('交易输入解密失败');
      }
    }
    if (!options.auth.has('sm4') && typeof input === 'string') throw new Refusal('[input]交易输入必须为JSON对象');
    const envelope = { ...raw, input } as RequestEnvelope & { input: Record<string, unknown> };
    const problems = checkRequestEnvelope(envelope);
    if (problems.length > 0) throw new Refusal(problems.join('；'));
    if (verifier) {
      if (!envelope.cainfo) throw new Refusal('数字签名信息(cainfo)不能为空');
      if (envelope.signtype !== 'SM2') throw new Refusal('签名类型(signtype)应为SM2');
      if (!verifyBody(verifier, envelope.input, envelope.cainfo)) throw new Refusal('数字签名验证失败');
    }
    return envelope;
  };

  const platform = (request: Request, response: Response, pathInfno: string | undefined) => {
    const received = now();
    let raw: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(typeof request.body === 'string' ? request.body : '');
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      raw = parsed as Record<string, unknown>;
    } catch {
      answer(response, -1, received, null, '报文格式错误：请求体不是合法的JSON对象');
      return;
    }
    const infno = typeof raw.infno === 'string' ? raw.infno : (pathInfno ?? '');
    state.countRequest(infno);
    const refusal = checkGateway(request, pathInfno ?? infno);
    if (refusal) {
      response.status(401).json({ code: 401, message: refusal });
      return;
    }

    const fault = state.faultFor(infno);
    const run = () => {
      if (state.roll(fault.http5xxRate)) {
        response
          .status(503)
          .type('text/html')
          .send('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
        return;
      }
      if (state.roll(fault.resetRate)) {
        request.socket.destroy();
        return;
      }
      if (state.roll(fault.timeoutRate)) {
        const timer = setTimeout(() => {
          held.delete(timer);
          request.socket.destroy();
        }, options.timeoutHoldMs ?? 60_000);
        held.add(timer);
        return;
      }
      try {
        const envelope = openEnvelope(raw);
        if (pathInfno !== undefined && pathInfno !== envelope.infno) throw new Refusal('交易编号与请求地址不一致');
        if (envelope.fixmedins_code !== options.fixmedinsCode) {
          throw new Refusal(`定点医药机构编号[${envelope.fixmedins_code}]不存在`);
        }
        const transaction = transactions[envelope.infno];
        const handler = handlers[envelope.infno];
        if (!transaction || !handler) throw new Refusal(`交易编号[${envelope.infno}]不存在`);
        const msgidTime = parseMsgid(envelope.msgid)?.time.getTime() ?? Number.NaN;
        if (!(Math.abs(received - msgidTime) <= assumptions.msgidWindowMs)) {
          throw new Refusal(`发送方报文ID[${envelope.msgid}]中的时间与交易时间相差过大`);
        }
        if (assumptions.duplicateMsgid === 'refuse' && state.msgids.has(envelope.msgid)) {
          throw new Refusal(`发送方报文ID[${envelope.msgid}]重复`);
        }
        state.msgids.set(envelope.msgid, { infno: envelope.infno, receivedAt: received });
        const today = formatDate(new Date(received));
        const opter = String(envelope.opter);
        if (envelope.infno !== '9001') {
          const signIn = state.signIns.get(envelope.sign_no);
          if (signIn && state.roll(fault.signInExpiryRate)) signIn.valid = false;
          if (!envelope.sign_no) throw new Refusal('交易签到流水号(sign_no)不能为空，请先签到');
          // The sign_no belongs to the envelope's opter of its 9001, whatever operator code signIn carried.
          if (!signIn?.valid || signIn.day !== today || signIn.opter !== opter) {
            throw new Refusal('签到信息不存在或已失效，请重新签到');
          }
        }
        const problems = transaction.checkWire(envelope.input);
        if (problems.length > 0) throw new Refusal(problems.join('；'));
        const psnNo = (envelope.input.data as Record<string, unknown> | undefined)?.psn_no;
        if (typeof psnNo === 'string' && psnNo !== '') {
          const person = state.person(psnNo);
          if (!envelope.insuplc_admdvs && assumptions.insuplcCheck !== 'off') {
            throw new Refusal('交易输入含人员编号时参保地医保区划(insuplc_admdvs)不能为空');
          }
          if (person && !acceptsInsuplc(String(envelope.insuplc_admdvs ?? ''), person.insuplcAdmdvs, assumptions)) {
            throw new Refusal('参保地医保区划与参保人参保地不一致');
          }
        }
        if (state.roll(fault.businessErrorRate)) throw new Refusal(fault.businessErrorMessage);
        const result = handler({
          state,
          infno: envelope.infno,
          msgid: envelope.msgid,
          opter,
          input: envelope.input,
          now: new Date(received),
          admdvs,
          fixmedinsCode: options.fixmedinsCode,
          assumptions
        });
        // The bureau's records (filings, revocations, sign-ins) are on disk before the answer leaves.
        if (transaction.stateChanging || envelope.infno === '9001') state.commit();
        if (state.roll(fault.ambiguousCommitRate)) {
          // Committed above; the answer is lost on the way back.
          request.socket.destroy();
          return;
        }
        if ('error' in result) answer(response, -1, received, null, result.error);
        else if ('file' in result) response.status(200).type('application/octet-stream').send(Buffer.from(result.file));
        else answer(response, 0, received, result.output);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        answer(response, -1, received, null, error.message);
      } finally {
        state.touch();
      }
    };
    if (fault.latencyMs > 0) setTimeout(run, fault.latencyMs);
    else run();
  };

  app.post('/fsi/api/rsfComIfsService/callService', platformBody, (request, response) =>
    platform(request, response, undefined)
  );
  app.post('/CSB/:service', platformBody, (request, response) => {
    const match = /^hsa-fsi-(\w{4})$/.exec(request.params.service ?? '');
    if (!match) {
      response.status(404).json({ code: 404, message: '服务不存在!' });
      return;
    }
    platform(request, response, match[1]);
  });

  return {
    app,
    state,
    close: () => {
      for (const timer of held) clearTimeout(timer);
      held.clear();
      state.close();
    }
  };
}
