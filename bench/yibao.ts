/**
 * `npm run bench:yibao` — prints:
 * 1. client overhead per call without the network (validation, msgid, sign-in lookup, envelope, SM2 sign,
 *    SM4, response SM2 verify, output parsing, interface-log row masked, encrypted and queued), median and
 *    p99, auth csb+sm2+sm4; and the sustained time per call including writing every log row;
 * 2. SM2 signatures and verifications per second;
 * 3. the simulator process's sustained requests per second over loopback (16 connections, 5 s, csb+sm2).
 * Uses DATABASE_URL (or the embedded PostgreSQL) and the development keys of DATA_DIR, migrated first.
 */
import http from 'node:http';
import { spawn } from 'node:child_process';
import os from 'node:os';
import { config } from '../runtime/config';
import { freePort } from '../runtime/free-port';
import { openDatabase } from '../db/connection';
import { migrateDatabase } from '../db/migrate';
import { Sm2Signer, Sm2Verifier, generateSm2KeyPair } from '../crypto/gm';
import { csbHeaders, encryptBody, parseAuthModes, signBody } from '../yibao/gateway';
import type { HttpAnswer } from '../yibao/http';
import { yibaoClientOptionsFromConfig } from '../runtime/yibao-client-options';
import { YibaoClient } from '../yibao/client';
import { startYibaoPair } from '../yibao/sim/testing';
import { formatDateTime } from '../yibao/time';

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

function perSecond(seconds: number, operation: () => void): number {
  const end = performance.now() + seconds * 1000;
  let count = 0;
  while (performance.now() < end) {
    operation();
    count += 1;
  }
  return count / seconds;
}

const settings = config();
const database = await openDatabase({
  databaseUrl: settings.DATABASE_URL,
  dataDir: settings.dataDir,
  embeddedPort: settings.EMBEDDED_PG_PORT,
  maxConnections: 8
});
await migrateDatabase(database);

// 1. Client overhead: a transport that answers at once with a correctly signed, encrypted 5301 answer.
const pair = await startYibaoPair(database, 'csb+sm2+sm4');
const person = pair.simulator.state.persons[0];
if (!person) throw new Error('no simulated person');
await pair.client.getPersonInfo({ mdtrtCertType: '02', mdtrtCertNo: person.certno });
const platformKey = pair.simulatorOptions.sm2?.platformPrivateKey ?? '';
const sm4Key = pair.simulatorOptions.sm4Key ?? Buffer.alloc(16);
const output = {
  feedetail: [{ opsp_dise_code: 'M03900', opsp_dise_name: '高血压病', begndate: '2026-01-01', enddate: null }]
};
const answerBody = Buffer.from(
  JSON.stringify({
    infcode: 0,
    inf_refmsgid: '360100202611251030000000000001',
    refmsg_time: '20261125103000000',
    respond_time: '20261125103000001',
    err_msg: '',
    output: encryptBody(sm4Key, output),
    enc_type: 'SM4',
    cainfo: signBody(new Sm2Signer(platformKey), output),
    signtype: 'SM2'
  })
);
const instant = (): Promise<HttpAnswer> =>
  Promise.resolve({ status: 200, contentType: 'application/json', body: answerBody });
const offline = await YibaoClient.create({ ...pair.clientOptions, transport: instant });
await offline.signIn().catch(() => undefined);
const durations: number[] = [];
let measuredStarted = 0;
for (let index = 0; index < 1200; index += 1) {
  if (index === 200) {
    await offline.flushLog();
    measuredStarted = performance.now();
  }
  const started = performance.now();
  await offline.queryChronicFilings({ psnNo: person.psnNo });
  if (index >= 200) durations.push(performance.now() - started);
}
// The interface log is written behind the calls; the sustained figure includes writing every row.
await offline.flushLog();
const sustainedPerCall = (performance.now() - measuredStarted) / durations.length;
await offline.close();
durations.sort((a, b) => a - b);

// 2. SM2.
const keys = generateSm2KeyPair();
const signer = new Sm2Signer(keys.privateKey);
const verifier = new Sm2Verifier(keys.publicKey);
const message = JSON.stringify({ data: { psn_no: person.psnNo, opsp_dise_code: 'M03900' } });
const signature = signer.sign(message);
const signs = perSecond(2, () => signer.sign(message));
const verifies = perSecond(2, () => verifier.verify(message, signature));

// 3. Simulator throughput: bin/yibao-sim in its own process (as deployed), loaded over loopback with
// pre-signed 5301 requests, each with its own msgid, on 16 keep-alive connections.
const simulatorPort = await freePort();
const simulatorProcess = spawn(
  process.execPath,
  ['--import', 'tsx', 'bin/yibao-sim.ts', '--port', String(simulatorPort), '--auth', 'csb+sm2'],
  // Memory only: the load must not rewrite the development simulator's saved state.
  { stdio: 'ignore', env: { ...process.env, LOG_LEVEL: 'warn', YIBAO_SIM_STATE: 'memory' } }
);
const simulatorUrl = `http://127.0.0.1:${simulatorPort}`;
for (let tries = 0; ; tries += 1) {
  const ready = await fetch(`${simulatorUrl}/sim/persons`).catch(() => undefined);
  if (ready?.ok) break;
  if (tries > 100) throw new Error('the simulator did not start');
  await new Promise(resolve => setTimeout(resolve, 200));
}
const developmentOptions = yibaoClientOptionsFromConfig(settings, database);
// An operator of its own: a sign_no stored by an earlier run belongs to an earlier simulator process.
developmentOptions.defaultOperator = { ...developmentOptions.defaultOperator, opter: `bench${Date.now() % 1_000_000}` };
const processClient = await YibaoClient.create({
  ...developmentOptions,
  baseUrl: simulatorUrl,
  auth: parseAuthModes('csb+sm2')
});
const signNo = await processClient.signIn();
await processClient.close();
// The load below numbers its own msgids; start in a later second than the sign-in's msgid.
await new Promise(resolve => setTimeout(resolve, 1100));
const csb = developmentOptions.csb;
const input = { data: { psn_no: person.psnNo } };
const cainfo = signBody(new Sm2Signer(developmentOptions.sm2?.privateKey ?? ''), input);
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
const url = new URL(`${simulatorUrl}/CSB/hsa-fsi-5301`);
let sequence = 0;
let completed = 0;
let failed = 0;
let lastError: string | undefined;
const latencies: number[] = [];
const deadline = performance.now() + 5000;

function oneRequest(): Promise<void> {
  sequence += 1;
  const now = new Date();
  const body = JSON.stringify({
    infno: '5301',
    msgid: `H36010200015${formatDateTime(now).replace(/\D/g, '')}${String(sequence % 10000).padStart(4, '0')}`,
    mdtrtarea_admvs: '360100',
    insuplc_admdvs: person?.insuplcAdmdvs,
    recer_sys_code: 'FSI_LOCAL',
    dev_no: '',
    dev_safe_info: '',
    cainfo,
    signtype: 'SM2',
    infver: 'V1.0',
    opter_type: '1',
    opter: developmentOptions.defaultOperator.opter,
    opter_name: '李医保',
    inf_time: formatDateTime(now),
    fixmedins_code: 'H36010200015',
    fixmedins_name: '江西中医药大学附属医院',
    sign_no: signNo,
    input
  });
  const started = performance.now();
  return new Promise(resolve => {
    const request = http.request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', ...(csb ? csbHeaders('5301', csb, Date.now()) : {}) }
    });
    request.on('response', response => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const parsed = JSON.parse(Buffer.concat(chunks).toString()) as { infcode: number; err_msg?: string };
        if (parsed.infcode === 0) completed += 1;
        else {
          failed += 1;
          lastError = parsed.err_msg;
        }
        latencies.push(performance.now() - started);
        resolve();
      });
    });
    request.on('error', () => {
      failed += 1;
      resolve();
    });
    request.end(body);
  });
}

async function worker(): Promise<void> {
  // Duplicate msgids would be refused; one per second per sequence value is plenty for 5 s.
  while (performance.now() < deadline && sequence < 9_999) await oneRequest();
}
const throughputStarted = performance.now();
await Promise.all(Array.from({ length: 16 }, () => worker()));
const elapsed = (performance.now() - throughputStarted) / 1000;
latencies.sort((a, b) => a - b);
agent.destroy();

console.log(
  'Yibao client and simulator benchmark (%d CPUs, %s)',
  os.cpus().length,
  settings.DATABASE_URL ? 'PostgreSQL of DATABASE_URL' : 'embedded PGlite in this process'
);
console.log(
  'client overhead per 5301 call, no network (csb+sm2+sm4, log row queued): median %s ms, p99 %s ms (n=%d)',
  percentile(durations, 0.5).toFixed(2),
  percentile(durations, 0.99).toFixed(2),
  durations.length
);
console.log(
  'client sustained, one call after another, until every log row is written: %s ms per call',
  sustainedPerCall.toFixed(2)
);
console.log('SM2 (SM3withSM2) signatures/s: %d; verifications/s: %d', Math.round(signs), Math.round(verifies));
console.log(
  'simulator process sustained (loopback, 16 connections, csb+sm2, 5301): %d requests/s, p50 %s ms, p99 %s ms, %d failed',
  Math.round(completed / elapsed),
  percentile(latencies, 0.5).toFixed(1),
  percentile(latencies, 0.99).toFixed(1),
  failed,
  lastError ?? ''
);
simulatorProcess.kill('SIGTERM');
await pair.close();
await database.close();
