/**
 * The bureau's own record of filings: pending, approved, rejected, revoked. The platform's interfaces do not
 * show it (5301/5311 list only approved, currently valid filings, without serial number or status; see the
 * README's decisions), so production has no implementation: there an approval is seen in 5301/5311 and a
 * rejection reaches `no_decision` at the deadline. In development and tests (`YIBAO_STATUS_SOURCE=simulator`)
 * the simulator can tell, through yibao/sim/bureau-view.ts.
 */
export interface BureauFilingRecord {
  filingSn: string;
  status: 'pending' | 'approved' | 'rejected' | 'revoked';
  beginDate: string;
  diseaseCode: string | null;
  drugCodes: string[] | null;
  createdAt: Date;
}

export interface BureauFilingView {
  /** The person's filings of one transaction family (2503 chronic, 2511 dual-channel). */
  filingsOf(query: { records: 'chronic' | 'dual-channel'; insuredPersonNo: string }): Promise<BureauFilingRecord[]>;
}
