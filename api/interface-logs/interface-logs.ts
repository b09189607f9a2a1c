import {
  interfaceLogFilterSchema,
  interfaceLogPageSchema as pageSchema,
  type InterfaceLogFilter
} from '../../domain/interface-log';
import type { InterfaceLogFilters, InterfaceLogPage } from '../../yibao/interface-log';
import { chinaDayRange } from '../../domain/china-time';
import type { ApiModule } from '../app';
import { badRequest } from '../errors';

export interface InterfaceLogModuleDependencies {
  search: (filters: InterfaceLogFilters) => Promise<InterfaceLogPage>;
}

/** Dates are China dates: `to` includes its whole day. */
export function toFilters(filter: InterfaceLogFilter): InterfaceLogFilters {
  return {
    certNo: filter.idNo,
    cardNo: filter.cardNo,
    applicationNo: filter.applicationNo,
    infno: filter.infno,
    outcome: filter.outcome,
    ...chinaDayRange(filter),
    limit: filter.limit,
    cursor: filter.cursor
  };
}

/** The Yibao interface log: every call, searchable by the patient's numbers (blind index), newest first. */
export function createInterfaceLogModule(deps: InterfaceLogModuleDependencies): ApiModule {
  async function search(filter: InterfaceLogFilter) {
    let page: InterfaceLogPage;
    try {
      page = await deps.search(toFilters(filter));
    } catch (error) {
      if ((error as Error).message === 'invalid cursor') throw badRequest('翻页参数不正确');
      throw error;
    }
    return {
      rows: page.rows.map(({ errorCode: _errorCode, certNoMasked, ...row }) => ({
        ...row,
        idNoMasked: certNoMasked,
        calledAt: row.calledAt.toISOString()
      })),
      nextCursor: page.nextCursor ?? null
    };
  }
  return {
    register(routes) {
      routes.route({
        method: 'post',
        path: '/api/interface-logs/search',
        summary: '医保接口日志查询（按身份证号、医保卡号、申请单号、交易号、结果、日期范围；条件在请求体中）',
        tags: ['接口日志'],
        access: { signedIn: 'staff', action: 'read', subject: 'InterfaceLog' },
        body: interfaceLogFilterSchema,
        response: pageSchema,
        handler: async ({ body }) => ({ body: await search(body) })
      });
      routes.route({
        method: 'get',
        path: '/api/interface-logs',
        summary: '医保接口日志列表（不含个人信息的筛选条件）',
        tags: ['接口日志'],
        access: { signedIn: 'staff', action: 'read', subject: 'InterfaceLog' },
        query: interfaceLogFilterSchema.omit({ idNo: true, cardNo: true }),
        response: pageSchema,
        handler: async ({ query }) => ({ body: await search(query) })
      });
    }
  };
}
