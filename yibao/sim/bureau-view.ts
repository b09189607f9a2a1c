import { FilingFailure } from '../../domain/filing-outcome';
import type { BureauFilingRecord, BureauFilingView } from '../bureau-view';

interface SimulatorFiling {
  sn: string;
  status: BureauFilingRecord['status'];
  begndate: string;
  opsp_dise_code: string | null;
  med_list_codgs: string[] | null;
  created_at: string;
}

/** The simulated bureau's view, read from its control API (`GET /sim/filings`); development and tests only. */
export class SimulatedBureauView implements BureauFilingView {
  constructor(private readonly baseUrl: string) {}

  async filingsOf(query: { records: 'chronic' | 'dual-channel'; insuredPersonNo: string }) {
    const url = new URL('/sim/filings', this.baseUrl);
    url.searchParams.set('kind', query.records);
    url.searchParams.set('psn_no', query.insuredPersonNo);
    let filings: SimulatorFiling[];
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      filings = (await response.json()) as SimulatorFiling[];
    } catch (error) {
      throw new FilingFailure('transient', `模拟医保状态查询失败：${(error as Error).message}`);
    }
    return filings.map(filing => ({
      filingSn: filing.sn,
      status: filing.status,
      beginDate: filing.begndate,
      diseaseCode: filing.opsp_dise_code,
      drugCodes: filing.med_list_codgs,
      createdAt: new Date(filing.created_at)
    }));
  }
}
