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
import { dualChannelAppyType } from '../yibao/transactions/2511-dual-channel-filing';
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
    if (application.kind === 'dual_channel') return this.fileDualChannel(application, attempt);
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
        application.kind === 'dual_channel'
          ? this.client.revokeDualChannel({ twoPathRegSnList: [filingSn] }, this.context(application))
          : this.client.revokeChronicDisease(
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

  /**
   * 2511. The person columns come from 1101 at the moment of filing (birth date, sex, nation, employer are
   * not kept by the hospital); 1101 changes nothing, so asking it again on a retry is harmless.
   */
  private async fileDualChannel(application: FilingApplication, attempt: number): Promise<{ filingSn: string }> {
    const dual = this.dualChannelOf(application);
    const { data: person } = await classified(() =>
      this.client.getPersonInfo(
        {
          mdtrtCertType: '02',
          mdtrtCertNo: application.certNo,
          psnCertType: '01',
          certno: application.certNo,
          psnName: application.name
        },
        { applicationNo: application.applicationNo }
      )
    );
    const insurance = person.insuinfo.find(row => row.insutype === application.insutype) ?? primaryInsurance(person);
    const { data } = await classified(() =>
      this.client.fileDualChannel(
        {
          person: {
            psnNo: application.psnNo,
            brdy: person.baseinfo.brdy,
            insutype: application.insutype,
            psnName: application.name,
            certno: application.certNo,
            psnCertType: person.baseinfo.psnCertType || '01',
            gend: person.baseinfo.gend,
            naty: person.baseinfo.naty,
            empName: insurance?.empName,
            addr: application.address,
            appyDate: dual.appyDate,
            condAbst: dual.condAbst,
            appyLmt: dual.appyLmt,
            begndate: application.beginDate,
            enddate: application.endDate ?? application.beginDate,
            agnterName: dual.agent?.name,
            agnterCertType: dual.agent?.certType,
            agnterCertno: dual.agent?.certNo,
            agnterTel: dual.agent?.tel,
            agnterRlts: dual.agent?.relation,
            agnterAddr: dual.agent?.addr,
            appyType: dualChannelAppyType,
            atddrNo: dual.doctor1.staffNo,
            drName: dual.doctor1.name,
            atddrNo1: dual.doctor2?.staffNo,
            drName1: dual.doctor2?.name
          },
          drugs: dual.drugs.map(drug => ({ medListCodg: drug.code, medListName: drug.name })),
          institutions: dual.institutions.map(institution => ({
            fixmedinsCode: institution.code,
            fixmedinsName: institution.name,
            poolareaNo: institution.poolareaNo
          }))
        },
        this.context(application, attempt)
      )
    );
    if (!data.twoPathRegSn) throw new FilingGatewayError('ambiguous', '医保已受理双通道备案但未返回业务申请号');
    return { filingSn: data.twoPathRegSn };
  }

  private dualChannelOf(application: FilingApplication) {
    if (application.kind !== 'dual_channel' || !application.dualChannel) {
      throw new FilingGatewayError('invalid_data', '申请单缺少双通道备案信息');
    }
    return application.dualChannel;
  }

  /** Ours among the bureau's filings: same begin date and (dual-channel) at least one of our drugs. */
  private isOurs(
    application: FilingApplication,
    row: { begndate: string; diseaseCode?: string | null; drugCodes?: string[] | null }
  ) {
    if (row.begndate !== application.beginDate) return false;
    if (application.kind === 'dual_channel') {
      const codes = new Set(this.dualChannelOf(application).drugs.map(drug => drug.code));
      return (row.drugCodes ?? []).some(code => codes.has(code));
    }
    return row.diseaseCode === this.chronicOf(application).diseaseCode;
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

  /**
   * 5301 / 5311: the approved, currently valid filings; ours is the one for this disease (or with our drugs)
   * from our begin date. 5311 is asked for our own validity period.
   */
  private async approvedOnPlatform(application: FilingApplication): Promise<boolean> {
    if (application.kind === 'dual_channel') {
      const { data } = await classified(() =>
        this.client.queryDualChannelFilings(
          {
            psnNo: application.psnNo,
            begndate: application.beginDate,
            enddate: application.endDate ?? application.beginDate
          },
          this.context(application)
        )
      );
      return data.some(row =>
        this.isOurs(application, { begndate: row.begndate, drugCodes: row.drugs.map(drug => drug.medListCodg) })
      );
    }
    const { data } = await classified(() =>
      this.client.queryChronicFilings({ psnNo: application.psnNo }, this.context(application))
    );
    return data.some(row => this.isOurs(application, { begndate: row.begndate, diseaseCode: row.opspDiseCode }));
  }

  /** The simulated bureau's own record of this application's filing, if any. */
  private async simulatorFiling(application: FilingApplication): Promise<SimulatorFiling | undefined> {
    if (this.statusSource.kind !== 'simulator') return undefined;
    const url = new URL('/sim/filings', this.statusSource.baseUrl);
    url.searchParams.set('kind', application.kind === 'dual_channel' ? 'dual-channel' : 'chronic');
    url.searchParams.set('psn_no', application.psnNo);
    let filings: SimulatorFiling[];
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      filings = (await response.json()) as SimulatorFiling[];
    } catch (error) {
      throw new FilingGatewayError('transient', `模拟医保状态查询失败：${(error as Error).message}`);
    }
    const submittedDay = chinaDate(application.submittedAt);
    return filings.find(
      filing =>
        this.isOurs(application, {
          begndate: filing.begndate,
          diseaseCode: filing.opsp_dise_code,
          drugCodes: filing.med_list_codgs
        }) &&
        filing.status !== 'revoked' &&
        chinaDate(new Date(filing.created_at)) >= submittedDay &&
        (!application.filingSn || filing.sn === application.filingSn)
    );
  }
}
