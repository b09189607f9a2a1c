import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initGm } from '../../crypto/gm';
import { parseConfig } from '../../runtime/config';
import {
  chronicFilingWire,
  dualChannelFilingWire,
  postEnvelope,
  wireEnvelope,
  type WireAnswer
} from '../../test/support/yibao-wire';
import { formatDate } from '../time';
import { createYibaoSimulator, type YibaoSimulatorOptions } from './app';
import { yibaoSimulatorOptionsFromConfig, yibaoSimulatorStateFile } from './index';

let dataDir: string;
let options: YibaoSimulatorOptions;
const running: ReturnType<typeof createYibaoSimulator>[] = [];

beforeAll(async () => {
  await initGm();
});

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yb-sim-state-'));
  options = yibaoSimulatorOptionsFromConfig(parseConfig({ APP_ENV: 'development', DATA_DIR: dataDir }));
});

afterEach(() => {
  for (const simulator of running.splice(0)) simulator.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function start(overrides: Partial<YibaoSimulatorOptions> = {}) {
  const simulator = createYibaoSimulator({ ...options, ...overrides });
  running.push(simulator);
  return simulator;
}

function post(simulator: ReturnType<typeof start>, envelope: ReturnType<typeof wireEnvelope>) {
  return postEnvelope(simulator.app, envelope, {
    auth: options.auth,
    csb: options.csb && { ...options.csb, apiVersion: '1.0.0' }
  });
}

function output<T>(answer: WireAnswer): T {
  expect(answer.body, answer.body.err_msg).toMatchObject({ infcode: 0 });
  return answer.body.output as T;
}

/** Signs in, then files a chronic and a dual-channel application for the first seeded person. */
async function fileBoth(simulator: ReturnType<typeof start>) {
  const person = simulator.state.persons[0]!;
  const today = formatDate(new Date());
  const signed = output<{ signinoutb: { sign_no: string } }>(
    await post(simulator, wireEnvelope('9001', { signIn: { opter_no: 'ybxt001', mac: 'm', ip: 'i' } }))
  );
  const signNo = signed.signinoutb.sign_no;
  const about = { sign_no: signNo, insuplc_admdvs: person.insuplcAdmdvs };
  const chronicEnvelope = wireEnvelope('2503', chronicFilingWire(person, person.insuplcAdmdvs, today), about);
  const chronic = output<{ result: { trt_dcla_detl_sn: string } }>(await post(simulator, chronicEnvelope));
  const dual = output<{ result: { two_path_reg_sn: string } }>(
    await post(simulator, wireEnvelope('2511', dualChannelFilingWire(person, today, '2099-12-31'), about))
  );
  return {
    person,
    today,
    signNo,
    about,
    chronicEnvelope,
    chronicSn: chronic.result.trt_dcla_detl_sn,
    dualSn: dual.result.two_path_reg_sn
  };
}

describe('the simulated bureau across restarts', () => {
  it('keeps its state under DATA_DIR in development and in memory in tests unless told otherwise', () => {
    expect(options.stateFile).toBe(path.join(dataDir, 'yibao-sim', 'state.json'));
    expect(yibaoSimulatorStateFile(parseConfig({ APP_ENV: 'test', DATA_DIR: dataDir }))).toBeUndefined();
    expect(
      yibaoSimulatorStateFile(parseConfig({ APP_ENV: 'development', DATA_DIR: dataDir, YIBAO_SIM_STATE: 'memory' }))
    ).toBeUndefined();
  });

  it('still knows a filing after a restart: it can be decided and 5301 and 5311 then find it', async () => {
    const before = start();
    const filed = await fileBoth(before);
    before.close();

    const after = start();
    for (const sn of [filed.chronicSn, filed.dualSn]) {
      const decided = await request(after.app).post(`/sim/filings/${sn}/decision`).send({ decision: 'approve' });
      expect(decided.status, sn).toBe(200);
      expect(decided.body).toEqual({ sn, status: 'approved' });
    }
    // The sign-in of before the restart is still valid.
    const chronic = output<{ feedetail: { opsp_dise_code: string }[] }>(
      await post(after, wireEnvelope('5301', { data: { psn_no: filed.person.psnNo } }, filed.about))
    );
    expect(chronic.feedetail.map(row => row.opsp_dise_code)).toEqual(['M03900']);
    const dual = output<{ result: { twopathdruglist: { med_list_codg: string }[] }[] }>(
      await post(
        after,
        wireEnvelope(
          '5311',
          { data: { psn_no: filed.person.psnNo, begndate: filed.today, enddate: filed.today } },
          filed.about
        )
      )
    );
    expect(dual.result.map(row => row.twopathdruglist[0]?.med_list_codg)).toEqual(['XL01XEA298A001010105487']);
    // And it still remembers the msgids it was sent.
    const again = await post(after, filed.chronicEnvelope);
    expect(again.body.err_msg).toBe(`发送方报文ID[${String(filed.chronicEnvelope.msgid)}]重复`);
  });

  it('approves at start a filing whose decision delay ran out while it was down', async () => {
    const before = start({ decisionDelayMs: 60_000 });
    const filed = await fileBoth(before);
    before.close();
    const after = start({ decisionDelayMs: 10 });
    await expect
      .poll(() => after.state.filings.get(filed.chronicSn)?.status, { timeout: 2_000, interval: 20 })
      .toBe('approved');
  });

  it('forgets everything on POST /sim/reset, also after a restart', async () => {
    const before = start();
    const filed = await fileBoth(before);
    expect((await request(before.app).post('/sim/reset')).status).toBe(200);
    before.close();
    const after = start();
    expect((await request(after.app).get('/sim/filings')).body).toEqual([]);
    const answer = await post(after, wireEnvelope('5301', { data: { psn_no: filed.person.psnNo } }, filed.about));
    expect(answer.body.err_msg).toBe('签到信息不存在或已失效，请重新签到');
  });

  it('refuses to start on a state file it cannot read, naming the file', () => {
    const file = options.stateFile ?? '';
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ version: 99 }));
    expect(() => start()).toThrow(file);
    fs.writeFileSync(file, '{"version": 1, "serial":');
    expect(() => start()).toThrow(file);
  });
});
