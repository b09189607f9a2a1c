import { chinaDate } from '../domain/dates';
import type { YibaoClient } from '../yibao/client';
import {
  YibaoAmbiguousError,
  YibaoBusinessError,
  YibaoError,
  YibaoGatewayAuthError,
  YibaoNetworkError,
  YibaoValidationError
} from '../yibao/errors';
import { primaryInsurance } from '../yibao/transactions/1101-person-info';
import {
  FilingGatewayError,
  type DecisionCheck,
  type FilingApplication,
  type FilingGateway,
  type InsuredPersonCheck,
  type InsuredPersonQuery,
  type ReconcileOutcome
} from './filing-gateway';

/**
 * Where the review status of a filing is read. The platform's 5301/5311 list only approved, valid filings,
 * with no serial number and no status (see README, decisions): with `query`, an approval is seen there, a
 * rejection never is (the deadline sends it to manual follow-up), and a filing whose answer was lost stays
 * unknown until it is approved. `simulator` additionally asks the Yibao simulator's control API for the
 * bureau's view (pending, rejected), which only development and tests have.
 */
export type FilingStatusSource = { kind: 'query' } | { kind: 'simulator'; baseUrl: string };

interface SimulatorFiling {
  kind: 'chronic' | 'dual-channel';
  sn: string;
  psn_no: string;
  status: 'pending' | 'approved' | 'rejected' | 'revoked';
  begndate: string;
  opsp_dise_code: string | null;
  med_list_codgs: string[] | null;
  created_at: string;
}

function classify(error: unknown): unknown {
  if (!(error instanceof YibaoError)) return error;
  if (error instanceof YibaoAmbiguousError) return new FilingGatewayError('ambiguous', error.message);
  if (error instanceof YibaoNetworkError) return new FilingGatewayError('transient', error.message);
  if (error instanceof YibaoGatewayAuthError) return new FilingGatewayError('gateway_auth', error.message);
  if (error instanceof YibaoValidationError) return new FilingGatewayError('invalid_data', error.message);
  if (error instanceof YibaoBusinessError)
    return new FilingGatewayError(error.retryable ? 'transient' : 'business', error.message);
  return error;
}

async function classified<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw classify(error);
  }
}

export class YibaoFilingGateway implements FilingGateway {
  constructor(
    private readonly client: YibaoClient,
    private readonly statusSource: FilingStatusSource
  ) {}

  async verifyInsuredPerson(query: InsuredPersonQuery): Promise<InsuredPersonCheck> {
    const { data } = await classified(() =>
      this.client.getPersonInfo(
        {
          mdtrtCertType: '02',
          mdtrtCertNo: query.certNo,
          psnCertType: '01',
          certno: query.certNo,
          psnName: query.name
        },
        { applicationNo: query.applicationNo }
      )
    );
    if (data.baseinfo.psnName !== query.name) return { ok: false, reason: '姓名与医保登记信息不一致' };
    const insurance = primaryInsurance(data);
    if (!insurance || insurance.psnInsuStas !== '1')
      return { ok: false, reason: '未查询到正常参保信息，请先确认参保状态' };
    return {
      ok: true,
      psnNo: data.baseinfo.psnNo,
      insutype: insurance.insutype,
      insuplcAdmdvs: insurance.insuplcAdmdvs
    };
  }

  async file(application: FilingApplication, attempt: number): Promise<{ filingSn: string }> {
    const chronic = this.chronicOf(application);
    const { data } = await classified(() =>
      this.client.fileChronicDisease(
        {
          psnNo: application.psnNo,
          insutype: application.insutype,
          opspDiseCode: chronic.diseaseCode,
          opspDiseName: chronic.diseaseName,
          tel: application.phone,
          addr: application.address,
          insuOptins: application.insuplcAdmdvs,
          ideFixmedinsNo: chronic.institutionCode,
          ideFixmedinsName: chronic.institutionName,
          hospIdeDate: chronic.hospIdeDate,
          diagDrCodg: chronic.diagDrCodg,
          diagDrName: chronic.diagDrName,
          begndate: application.beginDate,
          enddate: application.endDate
        },
        this.context(application, attempt)
      )
    );
    return { filingSn: data.trtDclaDetlSn };
  }

  async reconcile(application: FilingApplication): Promise<ReconcileOutcome> {
    if (await this.approvedOnPlatform(application)) {
      return { outcome: 'committed', filingSn: (await this.simulatorFiling(application))?.sn };
    }
    if (this.statusSource.kind === 'query') return { outcome: 'unknown' };
    const filing = await this.simulatorFiling(application);
    return filing ? { outcome: 'committed', filingSn: filing.sn } : { outcome: 'not_committed' };
  }

  async checkDecision(application: FilingApplication): Promise<DecisionCheck> {
    if (await this.approvedOnPlatform(application)) return { decision: 'approved' };
    // 5301 shows a filing only while it is valid: one approved to begin later is seen only by the simulator.
    const filing = await this.simulatorFiling(application);
    if (filing?.status === 'approved') return { decision: 'approved' };
    if (filing?.status === 'rejected') return { decision: 'rejected', detail: '医保经办机构审核未通过' };
    return { decision: 'undecided' };
  }

  async revoke(
    application: FilingApplication,
    reason: string
  ): Promise<{ revoked: true } | { revoked: false; message: string }> {
    if (!application.filingSn) return { revoked: false, message: '没有医保业务流水号，不能撤销' };
    const filingSn = application.filingSn;
    try {
      await classified(() =>
        this.client.revokeChronicDisease(
          { trtDclaDetlSn: filingSn, psnNo: application.psnNo, memo: reason },
          this.context(application)
        )
      );
      return { revoked: true };
    } catch (error) {
      if (error instanceof FilingGatewayError && error.kind === 'business')
        return { revoked: false, message: error.message };
      throw error;
    }
  }

  private chronicOf(application: FilingApplication) {
    if (application.kind !== 'chronic' || !application.chronic) {
      throw new FilingGatewayError('invalid_data', '申请单缺少慢特病备案信息');
    }
    return application.chronic;
  }

  private context(application: FilingApplication, attempt?: number) {
    return {
      applicationNo: application.applicationNo,
      attempt,
      insuplcAdmdvs: application.insuplcAdmdvs,
      patient: { certNo: application.certNo }
    };
  }

  /** 5301: the approved, currently valid filings; ours is the one for this disease from our begin date. */
  private async approvedOnPlatform(application: FilingApplication): Promise<boolean> {
    const chronic = this.chronicOf(application);
    const { data } = await classified(() =>
      this.client.queryChronicFilings({ psnNo: application.psnNo }, this.context(application))
    );
    return data.some(row => row.opspDiseCode === chronic.diseaseCode && row.begndate === application.beginDate);
  }

  /** The simulated bureau's own record of this application's filing, if any. */
  private async simulatorFiling(application: FilingApplication): Promise<SimulatorFiling | undefined> {
    if (this.statusSource.kind !== 'simulator') return undefined;
    const url = new URL('/sim/filings', this.statusSource.baseUrl);
    url.searchParams.set('kind', 'chronic');
    url.searchParams.set('psn_no', application.psnNo);
    let filings: SimulatorFiling[];
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      filings = (await response.json()) as SimulatorFiling[];
    } catch (error) {
      throw new FilingGatewayError('transient', `模拟医保状态查询失败：${(error as Error).message}`);
    }
    const chronic = this.chronicOf(application);
    const submittedDay = chinaDate(application.submittedAt);
    return filings.find(
      filing =>
        filing.opsp_dise_code === chronic.diseaseCode &&
        filing.begndate === application.beginDate &&
        filing.status !== 'revoked' &&
        chinaDate(new Date(filing.created_at)) >= submittedDay &&
        (!application.filingSn || filing.sn === application.filingSn)
    );
  }
}
