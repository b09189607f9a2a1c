import ExcelJS from 'exceljs';
import { infnoLabels } from '../../domain/application-timeline';
import { chinaDateTime } from '../../domain/china-time';
import { callOutcomeLabels, interfaceLogFilterSchema, type InterfaceLogFilter } from '../../domain/interface-log';
import type { InterfaceLogFilters, InterfaceLogPage, InterfaceLogRow } from '../../yibao/interface-log';
import type { ApiModule } from '../app';
import { auditOf, type AuditEntry } from '../audit/audit-log';

export interface InterfaceLogExportDependencies {
  search: (filters: InterfaceLogFilters) => Promise<InterfaceLogPage>;
  /** The console's filter as the log's search takes it (api/interface-logs/interface-logs.ts). */
  toFilters: (filter: InterfaceLogFilter) => InterfaceLogFilters;
  audit: (entry: AuditEntry) => Promise<void>;
}

export const interfaceLogExportLimit = 10_000;
const exportFilterSchema = interfaceLogFilterSchema.omit({ limit: true, cursor: true });

/** The interface log search, as a spreadsheet for the auditor (masked numbers, no bodies), audited. */
export function createInterfaceLogExportModule(deps: InterfaceLogExportDependencies): ApiModule {
  async function collect(filter: Omit<InterfaceLogFilter, 'limit' | 'cursor'>): Promise<InterfaceLogRow[]> {
    const rows: InterfaceLogRow[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.search(deps.toFilters({ ...filter, limit: 200, cursor }));
      rows.push(...page.rows);
      cursor = page.nextCursor;
    } while (cursor && rows.length <= interfaceLogExportLimit);
    return rows;
  }

  return {
    register(routes) {
      routes.route({
        method: 'post',
        path: '/api/interface-logs/export',
        summary: `按筛选条件导出医保接口日志（XLSX，证件号脱敏，不含报文，最多 ${interfaceLogExportLimit} 行，留审计记录）`,
        tags: ['接口日志'],
        access: { signedIn: 'staff', action: 'export', subject: 'InterfaceLog' },
        body: exportFilterSchema,
        errors: { 422: `超过 ${interfaceLogExportLimit} 行，请缩小筛选范围` },
        handler: async ({ body, user, request, response }) => {
          const rows = await collect(body);
          if (rows.length > interfaceLogExportLimit) {
            response.status(422).json({
              code: 'EXPORT_TOO_LARGE',
              message: `符合条件的调用记录超过 ${interfaceLogExportLimit} 条，请缩小日期范围后再导出`
            });
            return undefined;
          }
          const book = new ExcelJS.Workbook();
          const sheet = book.addWorksheet('医保接口日志');
          sheet.columns = [
            { header: '调用时间', key: 'calledAt', width: 24 },
            { header: '交易号', key: 'infno', width: 8 },
            { header: '交易名称', key: 'infnoLabel', width: 22 },
            { header: '结果', key: 'outcome', width: 14 },
            { header: '耗时(ms)', key: 'durationMs', width: 10 },
            { header: '第几次', key: 'attempt', width: 8 },
            { header: '申请单号', key: 'applicationNo', width: 20 },
            { header: '身份证号（脱敏）', key: 'certNoMasked', width: 22 },
            { header: '医保卡号（脱敏）', key: 'cardNoMasked', width: 20 },
            { header: '经办人', key: 'opter', width: 14 },
            { header: '报文ID', key: 'msgid', width: 32 },
            { header: '错误信息', key: 'errMsg', width: 40 }
          ];
          for (const row of rows)
            sheet.addRow({
              ...row,
              calledAt: chinaDateTime(row.calledAt, { milliseconds: true }),
              infnoLabel: infnoLabels[row.infno] ?? '',
              outcome: callOutcomeLabels[row.outcome]
            });
          sheet.getRow(1).font = { bold: true };
          sheet.views = [{ state: 'frozen', ySplit: 1 }];
          const content = Buffer.from(await book.xlsx.writeBuffer());
          await deps.audit(
            auditOf(user!, request, 'export', { type: 'interface_log', id: 'search' }, 'success', { rows: rows.length })
          );
          response.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
          response.setHeader(
            'Content-Disposition',
            `attachment; filename="interface-log.xlsx"; filename*=UTF-8''${encodeURIComponent('医保接口日志.xlsx')}`
          );
          response.end(content);
          return undefined;
        }
      });
    }
  };
}
