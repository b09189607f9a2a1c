import { expect } from 'vitest';
import type { TestSystem } from './system';
import { testPassword } from './system';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** A JSON call to the system's API, optionally as a signed-in user. */
export async function call<T = Record<string, unknown>>(
  system: TestSystem,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {}
): Promise<ApiResponse<T>> {
  const response = await fetch(`${system.apiUrl}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {})
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) })
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T, headers: response.headers };
}

export async function signInStaff(system: TestSystem, username: string): Promise<string> {
  const response = await call<{ token: string }>(system, 'POST', '/api/auth/login', {
    body: { username, password: testPassword }
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.token;
}

/** A patient signs in by SMS code (read from the development outbox). */
export async function signInPatient(system: TestSystem, phone: string): Promise<string> {
  expect((await call(system, 'POST', '/api/auth/sms/send', { body: { phone } })).status).toBe(202);
  const outbox = await call<{ code: string }>(system, 'GET', `/api/dev/sms-outbox?phone=${phone}`);
  const response = await call<{ token: string }>(system, 'POST', '/api/auth/sms/login', {
    body: { phone, code: outbox.body.code }
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.token;
}

export interface SimPerson {
  psn_no: string;
  psn_name: string;
  certno: string;
  age: number;
  tel: string;
}

export async function simPersons(system: TestSystem): Promise<SimPerson[]> {
  const response = await fetch(`${system.yibaoSim.url}/sim/persons`);
  return (await response.json()) as SimPerson[];
}

/** Sets the simulated platform's faults (`{}` clears them). */
export async function setSimFaults(system: TestSystem, faults: object): Promise<void> {
  const response = await fetch(`${system.yibaoSim.url}/sim/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults)
  });
  expect(response.status, await response.text()).toBe(200);
}

/** Requests the simulated platform received, per infno. */
export async function simRequests(system: TestSystem): Promise<Record<string, number>> {
  const response = await fetch(`${system.yibaoSim.url}/sim/counters`);
  return ((await response.json()) as { requests: Record<string, number> }).requests;
}

/** Polls until `check` returns a value, or fails with the last value seen. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}
