import crypto from 'node:crypto';
import ExcelJS from 'exceljs';

/**
 * The 双通道申请电子表格: one set of data, printed as PDF (an HTML table printed by headless Chromium, so
 * the same template can be previewed in a browser and the CJK glyphs are embedded) and as XLSX (exceljs).
 */
export interface DualChannelEformData {
  applicationNo: string;
  applicationDate: string;
  patientName: string;
  /** Masked: the sheet is handed around, the full number is in the filing only. */
  patientIdNoMasked: string;
  sex: string;
  birthDate: string;
  insuredPersonNo: string;
  insuranceType: string;
  beginDate: string;
  endDate: string;
  diagnosisBasis: string;
  drugs: { code: string; name: string; specification: string }[];
  institutions: { code: string; name: string; poolingAreaCode: string }[];
  doctor1: { staffNo: string; name: string };
  doctor2: { staffNo: string; name: string } | undefined;
  agent: { name: string; documentNoMasked: string; phone: string; relation: string } | undefined;
  reviewOpinion: string;
}

export const eformTitle = '江西省医疗保障双通道药品备案申请表';

/** The data's fingerprint: an unchanged application is not printed again on a retried filing. */
export function eformDataHash(data: DualChannelEformData): string {
  return crypto.createHash('sha256').update(JSON.stringify(data)).digest('hex');
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, character => `&#${character.charCodeAt(0)};`);
}

/** The label / value rows shared by both formats, so the PDF and the XLSX cannot disagree. */
export function eformFields(data: DualChannelEformData): [string, string][] {
  return [
    ['申请单号', data.applicationNo],
    ['申请日期', data.applicationDate],
    ['申请类型', '32 双通道'],
    ['参保人姓名', data.patientName],
    ['证件号码', data.patientIdNoMasked],
    ['性别', data.sex],
    ['出生日期', data.birthDate],
    ['人员编号', data.insuredPersonNo],
    ['险种类型', data.insuranceType],
    ['开始日期', data.beginDate],
    ['结束日期', data.endDate],
    ['诊断依据', data.diagnosisBasis],
    ['代办人', data.agent ? `${data.agent.name}（${data.agent.relation}）` : '无'],
    ['代办人证件号码', data.agent?.documentNoMasked ?? ''],
    ['代办人联系方式', data.agent?.phone ?? ''],
    ['医师1', `${data.doctor1.name}（${data.doctor1.staffNo}）`],
    ['医师2', data.doctor2 ? `${data.doctor2.name}（${data.doctor2.staffNo}）` : ''],
    ['医生审核意见', data.reviewOpinion]
  ];
}

export function eformHtml(data: DualChannelEformData): string {
  const e = escapeHtml;
  const fields = eformFields(data)
    .map(([label, value]) => `<tr><th>${e(label)}</th><td colspan="3">${e(value)}</td></tr>`)
    .join('');
  const drugs = data.drugs
    .map(
      (drug, index) =>
        `<tr><td>${index + 1}</td><td>${e(drug.code)}</td><td>${e(drug.name)}</td><td>${e(drug.specification)}</td></tr>`
    )
    .join('');
  const institutions = data.institutions
    .map(
      (institution, index) =>
        `<tr><td>${index + 1}</td><td>${e(institution.code)}</td><td>${e(institution.name)}</td><td>${e(institution.poolingAreaCode)}</td></tr>`
    )
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${e(eformTitle)}</title>
<style>
  @page { size: A4; margin: 15mm 12mm; }
  body { font-family: 'Noto Sans CJK SC', sans-serif; font-size: 11pt; color: #000; }
  h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }
  h2 { font-size: 12pt; margin: 5mm 0 2mm; }
  .sub { text-align: center; margin-bottom: 4mm; }
  table { width: 100%; border-collapse: collapse; }
  th, td { border: 1px solid #000; padding: 2mm; text-align: left; vertical-align: top; }
  th { width: 28%; background: #f2f2f2; font-weight: normal; }
  .list th { width: auto; }
  .sign { margin-top: 8mm; display: flex; justify-content: space-between; }
</style></head>
<body>
  <h1>${e(eformTitle)}</h1>
  <div class="sub">江西中医药大学附属医院&emsp;申请单号：${e(data.applicationNo)}</div>
  <table>${fields}</table>
  <h2>申请药品</h2>
  <table class="list"><tr><th>序号</th><th>中心药品项目编码</th><th>药品名称</th><th>规格</th></tr>${drugs}</table>
  <h2>双通道定点医药机构</h2>
  <table class="list"><tr><th>序号</th><th>机构编码</th><th>机构名称</th><th>统筹区域</th></tr>${institutions}</table>
  <div class="sign"><span>医师1签字：${e(data.doctor1.name)}</span><span>医师2签字：${e(data.doctor2?.name ?? '')}</span><span>医保办（盖章）</span></div>
</body></html>`;
}

export const eformSheetName = '双通道申请';

export async function renderEformXlsx(data: DualChannelEformData): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '江西中医药大学附属医院';
  const sheet = workbook.addWorksheet(eformSheetName);
  sheet.columns = [{ width: 18 }, { width: 28 }, { width: 36 }, { width: 20 }];
  const title = sheet.addRow([eformTitle]);
  sheet.mergeCells(title.number, 1, title.number, 4);
  title.font = { bold: true, size: 14 };
  for (const [label, value] of eformFields(data)) sheet.addRow([label, value]);
  sheet.addRow([]);
  sheet.addRow(['申请药品', '中心药品项目编码', '药品名称', '规格']).font = { bold: true };
  data.drugs.forEach((drug, index) => sheet.addRow([index + 1, drug.code, drug.name, drug.specification]));
  sheet.addRow([]);
  sheet.addRow(['双通道定点医药机构', '机构编码', '机构名称', '统筹区域']).font = { bold: true };
  data.institutions.forEach((institution, index) =>
    sheet.addRow([index + 1, institution.code, institution.name, institution.poolingAreaCode])
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
