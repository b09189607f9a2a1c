import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initGm } from '../crypto/gm';
import { parseConfig } from '../runtime/config';
import { freePort } from '../runtime/free-port';
import { projectRoot } from '../runtime/paths';
import { yibaoSimulatorOptionsFromConfig, type YibaoSimulatorOptions } from '../yibao/sim';
import { seedPersons } from '../yibao/sim/data';
import { formatDate } from '../yibao/time';
import { chronicFilingWire, postEnvelope, wireEnvelope, type WireAnswer } from './support/yibao-wire';

let dataDir: string;
let env: Record<string, string>;
let options: YibaoSimulatorOptions;
let url: string;
let simulator: ChildProcess | undefined;

/** bin/yibao-sim as `npm start` runs it, ready once it lists its persons. */
async function startProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/yibao-sim.ts'], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: 'ignore'
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const answer = await fetch(`${url}/sim/persons`).catch(() => undefined);
    if (answer?.ok) return child;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error('the simulator process did not start');
}

async function killProcess(child: ChildProcess): Promise<void> {
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

function post(envelope: ReturnType<typeof wireEnvelope>): Promise<WireAnswer> {
  return postEnvelope(url, envelope, {
    auth: options.auth,
    csb: options.csb && { ...options.csb, apiVersion: '1.0.0' }
  });
}

beforeAll(async () => {
  await initGm();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yb-sim-restart-'));
  const port = await freePort();
  env = { APP_ENV: 'development', DATA_DIR: dataDir, YIBAO_SIM_PORT: String(port), LOG_LEVEL: 'warn' };
  // Creates the development key file the process then reads, so both sides hold the same CSB key.
  options = yibaoSimulatorOptionsFromConfig(parseConfig(env));
  url = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  if (simulator && simulator.exitCode === null) await killProcess(simulator);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the Yibao simulator process', () => {
  it('has a filing it answered before being killed, which the bureau can then approve and 5301 find', async () => {
    simulator = await startProcess();
    // The seed is fixed: the process's first person is this one.
    const person = seedPersons()[0]!;
    const signIn = await post(wireEnvelope('9001', { signIn: { opter_no: 'ybxt001', mac: 'm', ip: 'i' } }));
    const signNo = (signIn.body.output as { signinoutb: { sign_no: string } }).signinoutb.sign_no;
    const about = { sign_no: signNo, insuplc_admdvs: person.insuplcAdmdvs };
    const today = formatDate(new Date());
    const filed = await post(wireEnvelope('2503', chronicFilingWire(person, person.insuplcAdmdvs, today), about));
    expect(filed.body, filed.body.err_msg).toMatchObject({ infcode: 0 });
    const sn = (filed.body.output as { result: { trt_dcla_detl_sn: string } }).result.trt_dcla_detl_sn;

    // No chance to save on the way out: what the answer promised must already be on disk.
    await killProcess(simulator);
    simulator = await startProcess();

    const decided = await fetch(`${url}/sim/filings/${sn}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'approve' })
    });
    expect(decided.status).toBe(200);
    const query = await post(wireEnvelope('5301', { data: { psn_no: person.psnNo } }, about));
    expect(query.body, query.body.err_msg).toMatchObject({
      infcode: 0,
      output: { feedetail: [expect.objectContaining({ opsp_dise_code: 'M03900' })] }
    });
  });
});
