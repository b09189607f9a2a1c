import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../runtime/free-port';
import { HisBadResponseError, HisRejectedError, HisUnavailableError } from './his-adapter';
import { HttpHisAdapter } from './http-his-adapter';
import { startHisSimulator, type RunningHisSimulator } from './sim/his-simulator';

const token = 'his-test-token';
// 18-digit ID numbers with correct check digits: an adult born 1965 and a child born 2019.
const adultIdNo = '360102196503124214';
const childIdNo = '360102201908170028';

let simulator: RunningHisSimulator;
let his: HttpHisAdapter;

beforeAll(async () => {
  simulator = await startHisSimulator({ port: await freePort(), token, referenceDate: '2026-11-25' });
  his = new HttpHisAdapter({ baseUrl: simulator.url, token, timeoutMs: 1000 });
});
afterAll(() => simulator.close());
afterEach(() => simulator.reset());

describe('HttpHisAdapter against the HIS simulator', () => {
  it('finds a doctor by staff number', async () => {
    await expect(his.getDoctor('D1001')).resolves.toEqual({
      staffNo: 'D1001',
      name: '王建国',
      department: '内分泌科',
      title: '主任医师',
      active: true
    });
  });

  it('answers undefined for a staff number the HIS does not know', async () => {
    await expect(his.getDoctor('D99999')).resolves.toBeUndefined();
  });

  it('does not send a malformed staff number at all', async () => {
    await expect(his.getDoctor('../D1001')).resolves.toBeUndefined();
    expect(simulator.requests()).toEqual([]);
  });

  it('lists only the doctors of the requested department', async () => {
    const doctors = await his.listDoctors({ department: '心血管内科' });
    expect(doctors.map(doctor => doctor.staffNo).sort()).toEqual(['D1002', 'D10117']);
    expect(doctors.every(doctor => doctor.department === '心血管内科')).toBe(true);
  });

  it('finds doctors by part of the name or the start of the staff number', async () => {
    expect((await his.listDoctors({ query: '秀英' })).map(doctor => doctor.staffNo)).toEqual(['D1002']);
    expect((await his.listDoctors({ query: 'd1000' })).map(doctor => doctor.staffNo)).toEqual([]);
    expect((await his.listDoctors({ query: 'd1002' })).map(doctor => doctor.staffNo).sort()).toEqual([
      'D1002',
      'D10023'
    ]);
  });

  it('lists every doctor, including those no longer active, without a filter', async () => {
    const doctors = await his.listDoctors();
    expect(doctors.length).toBeGreaterThanOrEqual(12);
    expect(doctors.some(doctor => !doctor.active)).toBe(true);
  });

  it('returns the same visits for the same ID number every time, and other visits for another', async () => {
    const first = await his.listVisits({ idNo: adultIdNo });
    expect(first.length).toBeGreaterThan(0);
    await expect(his.listVisits({ idNo: adultIdNo })).resolves.toEqual(first);
    await expect(his.listVisits({ idNo: '360102197208150035' })).resolves.not.toEqual(first);
  });

  it('has each visit seen by a doctor of its department, newest first, within the last two years', async () => {
    const doctors = await his.listDoctors();
    for (const idNo of [adultIdNo, childIdNo, '360111198811230516', '362201195402060027']) {
      const visits = await his.listVisits({ idNo });
      for (const visit of visits) {
        const doctor = doctors.find(one => one.staffNo === visit.doctorStaffNo);
        expect(doctor?.department).toBe(visit.department);
        expect(doctor?.name).toBe(visit.doctorName);
        expect(visit.visitDate >= '2024-11-25' && visit.visitDate <= '2026-11-25').toBe(true);
      }
      const dates = visits.map(visit => visit.visitDate);
      expect(dates).toEqual([...dates].sort().reverse());
    }
  });

  it('sends children to 儿科 only', async () => {
    const visits = await his.listVisits({ idNo: childIdNo });
    expect(visits.length).toBeGreaterThan(0);
    expect(new Set(visits.map(visit => visit.department))).toEqual(new Set(['儿科']));
  });

  it('returns only the visits on or after the since date', async () => {
    const all = await his.listVisits({ idNo: adultIdNo });
    const since = all[Math.floor(all.length / 2)]?.visitDate ?? '2026-01-01';
    const recent = await his.listVisits({ idNo: adultIdNo, since });
    expect(recent).toEqual(all.filter(visit => visit.visitDate >= since));
  });

  it('never puts the ID number in a request URL', async () => {
    await his.listVisits({ idNo: adultIdNo, since: '2025-01-01' });
    await his.listVisits({ idNo: childIdNo });
    const urls = simulator.requests().map(request => request.url);
    expect(urls).toEqual(['/his/api/patients/visits/query', '/his/api/patients/visits/query']);
    expect(urls.join(' ')).not.toMatch(/\d{17}[\dX]/);
  });

  it('refuses a malformed ID number before sending anything', async () => {
    await expect(his.listVisits({ idNo: '12345' })).rejects.toBeInstanceOf(HisRejectedError);
    expect(simulator.requests()).toEqual([]);
  });

  it('reports HisUnavailableError when the HIS fails', async () => {
    simulator.setFaults({ errorRate: 1 });
    await expect(his.getDoctor('D1001')).rejects.toBeInstanceOf(HisUnavailableError);
    await expect(his.listVisits({ idNo: adultIdNo })).rejects.toMatchObject({
      code: 'HIS_UNAVAILABLE',
      retryable: true
    });
  });

  it('reports HisUnavailableError when the HIS answers after the timeout', async () => {
    const hurried = new HttpHisAdapter({ baseUrl: simulator.url, token, timeoutMs: 100 });
    simulator.setFaults({ latencyMs: 1000 });
    await expect(hurried.listDoctors()).rejects.toThrow(/HIS响应超时/);
  });

  it('reports HisUnavailableError when nothing listens at the address', async () => {
    const nowhere = new HttpHisAdapter({ baseUrl: `http://127.0.0.1:${await freePort()}`, token });
    await expect(nowhere.getDoctor('D1001')).rejects.toThrow(/无法连接HIS/);
  });

  it('reports HisRejectedError when the shared token is wrong', async () => {
    const stranger = new HttpHisAdapter({ baseUrl: simulator.url, token: 'wrong' });
    await expect(stranger.getDoctor('D1001')).rejects.toMatchObject({ code: 'HIS_REJECTED', httpStatus: 401 });
  });

  it('is controlled over HTTP by the /sim endpoints', async () => {
    const faulted = await fetch(`${simulator.url}/sim/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs: 0, errorRate: 1 })
    });
    expect(faulted.status).toBe(200);
    await expect(his.getDoctor('D1001')).rejects.toBeInstanceOf(HisUnavailableError);
    await fetch(`${simulator.url}/sim/reset`, { method: 'POST' });
    await expect(his.getDoctor('D1001')).resolves.toMatchObject({ name: '王建国' });
    const log = (await (await fetch(`${simulator.url}/sim/requests`)).json()) as { data: { url: string }[] };
    expect(log.data.map(request => request.url)).toEqual(['/sim/reset', '/his/api/doctors/D1001']);
  });
});

describe('HttpHisAdapter against a HIS that breaks the interface', () => {
  let server: http.Server;
  let body = '';

  beforeAll(async () => {
    server = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

  const adapter = () => new HttpHisAdapter({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });

  it('treats a doctor without a title as a bad response', async () => {
    body = JSON.stringify({ data: { staffNo: 'D1001', name: '王建国', department: '内分泌科', active: true } });
    await expect(adapter().getDoctor('D1001')).rejects.toBeInstanceOf(HisBadResponseError);
  });

  it('treats a visit with an impossible date as a bad response', async () => {
    body = JSON.stringify({
      data: [
        {
          visitNo: 'MZ20260230000001',
          visitDate: '2026-02-30',
          department: '内分泌科',
          doctorStaffNo: 'D1001',
          doctorName: '王建国',
          diagnoses: [{ code: 'E11.900', name: '2型糖尿病' }],
          visitType: '门诊'
        }
      ]
    });
    await expect(adapter().listVisits({ idNo: adultIdNo })).rejects.toThrow(/data\.0\.visitDate/);
  });

  it('treats a body that is not JSON as a bad response', async () => {
    body = '<html>网关错误</html>';
    await expect(adapter().listDoctors()).rejects.toMatchObject({ code: 'HIS_BAD_RESPONSE' });
  });
});
