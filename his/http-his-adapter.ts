import { z } from 'zod';
import {
  hisDoctorSchema,
  hisStaffNoSchema,
  hisVisitQuerySchema,
  hisVisitSchema,
  type HisDoctor,
  type HisDoctorFilter,
  type HisVisit,
  type HisVisitQuery
} from '../domain/his';
import type { AppConfig } from '../runtime/config';
import { HisBadResponseError, HisRejectedError, HisUnavailableError, type HisAdapter } from './his-adapter';

/*
 * The HIS REST surface (the hospital integration platform's, served by his/sim for development and tests).
 * JSON in and out; success is `{ data }`, failure `{ code, message }` with an HTTP status.
 * Every request carries `X-HIS-Token: <shared secret>` when one is configured (401 otherwise).
 *
 *   GET  /his/api/doctors/{staffNo}              → 200 { data: HisDoctor } | 404
 *   GET  /his/api/doctors?department=&query=     → 200 { data: HisDoctor[] }
 *   POST /his/api/patients/visits/query          → 200 { data: HisVisit[] } (newest first)
 *        body { idNo, since? }
 *
 * Patient data travels only in bodies: URLs end up in access logs, proxies and browser histories.
 */
export const hisPaths = {
  doctor: (staffNo: string) => `/his/api/doctors/${encodeURIComponent(staffNo)}`,
  doctors: '/his/api/doctors',
  visitsQuery: '/his/api/patients/visits/query'
} as const;

export const hisTokenHeader = 'X-HIS-Token';

export interface HttpHisAdapterOptions {
  /** e.g. `http://his.example:8080`; the paths above are appended. */
  baseUrl: string;
  token?: string;
  /** Per request, including reading the body. */
  timeoutMs?: number;
}

const defaultTimeoutMs = 5000;

/** The adapter's options from the process configuration; the simulator on HIS_SIM_PORT unless HIS_BASE_URL is set. */
export function hisAdapterOptions(
  settings: Pick<AppConfig, 'HIS_BASE_URL' | 'HIS_SIM_PORT' | 'HIS_TOKEN'>
): HttpHisAdapterOptions {
  return {
    baseUrl: settings.HIS_BASE_URL ?? `http://127.0.0.1:${settings.HIS_SIM_PORT}`,
    token: settings.HIS_TOKEN
  };
}

const doctorResponse = z.object({ data: hisDoctorSchema });
const doctorsResponse = z.object({ data: z.array(hisDoctorSchema) });
const visitsResponse = z.object({ data: z.array(hisVisitSchema) });

export class HttpHisAdapter implements HisAdapter {
  readonly #baseUrl: string;
  readonly #token: string | undefined;
  readonly #timeoutMs: number;

  constructor(options: HttpHisAdapterOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  }

  async getDoctor(staffNo: string): Promise<HisDoctor | undefined> {
    // A malformed 工号 cannot name a doctor, and refusing it keeps anything else out of the URL path.
    if (!hisStaffNoSchema.safeParse(staffNo).success) return undefined;
    const body = await this.#call('GET', hisPaths.doctor(staffNo), doctorResponse, { notFoundIsEmpty: true });
    return body?.data;
  }

  async listDoctors(filter: HisDoctorFilter = {}): Promise<HisDoctor[]> {
    const search = new URLSearchParams();
    if (filter.department) search.set('department', filter.department);
    if (filter.query) search.set('query', filter.query);
    const path = search.size > 0 ? `${hisPaths.doctors}?${search.toString()}` : hisPaths.doctors;
    const body = await this.#call('GET', path, doctorsResponse);
    return body?.data ?? [];
  }

  async listVisits(query: HisVisitQuery): Promise<HisVisit[]> {
    const checked = hisVisitQuerySchema.safeParse(query);
    if (!checked.success) throw new HisRejectedError(`HIS就诊查询条件不正确：${checked.error.issues[0]?.message}`);
    const body = await this.#call('POST', hisPaths.visitsQuery, visitsResponse, { body: checked.data });
    return body?.data ?? [];
  }

  async #call<T>(
    method: 'GET' | 'POST',
    path: string,
    schema: z.ZodType<T>,
    options: { body?: unknown; notFoundIsEmpty?: boolean } = {}
  ): Promise<T | undefined> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (this.#token) headers[hisTokenHeader] = this.#token;
    const signal = AbortSignal.timeout(this.#timeoutMs);
    const described = `${method} ${path.split('?')[0]}`;

    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.#baseUrl}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal
      });
      text = await response.text();
    } catch (error) {
      const timedOut = signal.aborted;
      throw new HisUnavailableError(timedOut ? `HIS响应超时（${described}）` : `无法连接HIS（${described}）`, {
        cause: error
      });
    }

    if (response.status === 404 && options.notFoundIsEmpty) return undefined;
    if (response.status >= 500 || response.status === 429) {
      throw new HisUnavailableError(`HIS暂不可用：HTTP ${response.status}（${described}）`);
    }
    if (!response.ok) {
      throw new HisRejectedError(`HIS拒绝了请求：HTTP ${response.status}（${described}）`, response.status);
    }

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new HisBadResponseError(`HIS返回的不是JSON（${described}）`, { cause: error });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      // Issue paths and messages only: the values may be patient data.
      const where = parsed.error.issues
        .slice(0, 3)
        .map(issue => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ');
      throw new HisBadResponseError(`HIS返回的数据不符合接口约定（${described}）：${where}`);
    }
    return parsed.data;
  }
}
