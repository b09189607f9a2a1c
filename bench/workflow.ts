/**
 * `npm run bench:workflow [N] [dual share]` (defaults 200, 0.2): N applications end to end on a real Temporal
 * dev server and PostgreSQL, a share of them dual-channel — submitted (rows + workflow start), approved by the
 * doctor (workflow update), filed with the Yibao simulator (2503, or e-form printed by Chromium then 2511),
 * approved by the simulated bureau after 1 s and polled every second until `approved`. Prints, for all and per
 * kind, applications per second and the p95 time from the doctor's approval to `filed`, and the throughput of
 * a baseline workflow with the same number of empty activities (as a chronic application) on the same server.
 * Uses DATABASE_URL's server (a fresh database, dropped after) or the embedded PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { Worker, NativeConnection } from '@temporalio/worker';
import { eq, inArray } from 'drizzle-orm';
import postgres from 'postgres';
import { createCatalogueActivities } from '../activities/catalogue-activities';
import { applicationWorkflowId, formatApplicationNo } from '../domain/application';
import { chronicKind } from '../domain/application-kinds/chronic';
import { dualChannelKind } from '../domain/application-kinds/dual-channel';
import { chinaDate } from '../domain/china-time';
import { applicationKindModule } from '../application-kinds/registry';
import { maskIdNumber, maskName } from '../domain/masking';
import { parseIdNumber } from '../domain/id-number';
import { applications, diseases, patients, userAccounts } from '../db/schema';
import {
  seedSampleDualChannelInstitutions,
  seedSampleInstitutions,
  seedSampleSpecialDrugs
} from '../db/seed-reference';
import { startHisSimulator } from '../his/sim/his-simulator';
import { parseConfig } from '../runtime/config';
import { freePort } from '../runtime/free-port';
import { createLogger } from '../runtime/logger';
import { openCoreServices, workflowSettingsFrom } from '../runtime/services';
import { resolveTemporalCli } from '../runtime/temporal-cli';
import { startTemporalDevServer } from '../runtime/temporal-dev-server';
import { installTemporalRuntime } from '../runtime/worker';
import { startWorkerRuntime } from '../runtime/worker-runtime';
import { applicationWorkflow } from '../workflows';
import { reviewApplicationUpdate } from '../workflows/messages';
import { startYibaoSimulator, yibaoSimulatorOptionsFromConfig } from '../yibao/sim';
import { dualChannelDrugs } from '../yibao/sim/data';
import { baselineApplication } from './baseline-workflows';

const count = Number(process.argv[2] ?? 200);
const dualShare = Number(process.argv[3] ?? 0.2);
// All at once: the measure is what the server and worker sustain, not how long one application waits.
const concurrency = Math.min(count, 200);
installTemporalRuntime('WARN');

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

async function inBatches<T>(items: T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await run(items[next++]!);
    })
  );
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yb-bench-'));
let databaseUrl = process.env.DATABASE_URL;
let dropDatabase: (() => Promise<void>) | undefined;
if (databaseUrl) {
  const admin = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  const name = `yb_bench_${Date.now()}`;
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  databaseUrl = url.toString();
  dropDatabase = async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  };
}
let temporalAddress = process.env.TEMPORAL_ADDRESS;
let stopTemporal: (() => Promise<void>) | undefined;
if (!temporalAddress) {
  const cli = await resolveTemporalCli({ cliPath: process.env.TEMPORAL_CLI_PATH });
  if (cli.kind !== 'path') throw new Error('the benchmark needs the Temporal CLI (npm run temporal:ensure)');
  const server = await startTemporalDevServer({
    cliPath: cli.path,
    port: await freePort(),
    uiPort: 0,
    headless: true,
    namespace: 'default',
    dbFile: path.join(dataDir, 'temporal.sqlite'),
    synchronous: 'OFF'
  });
  temporalAddress = server.address;
  stopTemporal = server.stop;
}
const [yibaoPort, hisPort] = [await freePort(), await freePort()];
const config = parseConfig({
  APP_ENV: 'test',
  LOG_LEVEL: 'silent',
  DATA_DIR: dataDir,
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { EMBEDDED_PG_PORT: String(await freePort()) }),
  TEMPORAL_ADDRESS: temporalAddress,
  TEMPORAL_TASK_QUEUE: `bench-${Date.now()}`,
  YIBAO_SIM_PORT: String(yibaoPort),
  HIS_SIM_PORT: String(hisPort),
  YIBAO_STATUS_SOURCE: 'simulator',
  YIBAO_SIM_DECISION_DELAY: '1s',
  FILING_POLL_INTERVAL: '1s'
});
const yibaoSim = await startYibaoSimulator({ ...yibaoSimulatorOptionsFromConfig(config), port: yibaoPort });
const hisSim = await startHisSimulator({ port: hisPort });
const core = await openCoreServices(config, 'bench', createLogger('bench', 'silent'));
const db = core.database.db;
const worker = await startWorkerRuntime(core, { schedules: false });
const connection = await Connection.connect({ address: temporalAddress });
const client = new Client({ connection });

// Reference data and N distinct (person, disease) pairs, written directly: the benchmark measures the workflow.
await createCatalogueActivities({
  db,
  downloadDiseaseCatalogue: ver => core.yibao.downloadDiseaseCatalogue(ver)
}).syncDiseaseCatalogue({ trigger: 'admin' });
await seedSampleInstitutions(db);
await seedSampleSpecialDrugs(db, dualChannelDrugs);
await seedSampleDualChannelInstitutions(db);
const validDiseases = (await db.select().from(diseases).where(eq(diseases.valid, true))).map(row => row.code);
const [account] = await db
  .insert(userAccounts)
  .values({ kind: 'patient', displayName: '压测患者', roles: ['patient'] })
  .returning();
const persons = yibaoSim.state.persons;
const dualCount = Math.round(count * dualShare);
interface BenchPair {
  kind: string;
  person: (typeof persons)[number];
  code: string;
}
const chronicPairs = persons.flatMap<BenchPair>(person =>
  validDiseases.map(code => ({ kind: chronicKind.id, person, code }))
);
const dualPairs = persons.flatMap<BenchPair>(person =>
  dualChannelDrugs.map(drug => ({ kind: dualChannelKind.id, person, code: drug.code }))
);
const pairs = [...chronicPairs.slice(0, count - dualCount), ...dualPairs.slice(0, dualCount)];
if (pairs.length < count) throw new Error(`only ${pairs.length} distinct person/disease pairs`);
const patientIds = new Map<string, string>();
for (const person of persons) {
  const info = parseIdNumber(person.certno);
  if (!info) continue;
  const [row] = await db
    .insert(patients)
    .values({
      accountId: account!.id,
      relation: 'other',
      nameEnc: core.fieldCrypto.encrypt(person.name),
      nameMasked: maskName(person.name),
      nameBlind: core.fieldCrypto.blindIndex('name', person.name),
      idNoEnc: core.fieldCrypto.encrypt(person.certno),
      idNoBlind: core.fieldCrypto.blindIndex('id-number', person.certno),
      idNoMasked: maskIdNumber(person.certno),
      birthDate: info.birthDate,
      sex: info.sex
    })
    .returning();
  patientIds.set(person.certno, row!.id);
}
const today = chinaDate(new Date());
const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
/** What a patient would submit for each kind's benchmark pair. */
const bodies: Record<string, (code: string) => object> = {
  [chronicKind.id]: code => ({
    diseaseCode: code,
    institutionCode: 'H36010200015',
    phone: '13907910001',
    address: '江西省南昌市东湖区八一大道445号',
    beginDate: today
  }),
  [dualChannelKind.id]: code => ({
    drugCodes: [code],
    institutionCodes: ['H36010200015'],
    beginDate: today,
    endDate: nextYear
  })
};
const settings = workflowSettingsFrom(config);
const runs = pairs
  .filter(pair => patientIds.has(pair.person.certno))
  .map((pair, index) => ({
    ...pair,
    applicationNo: formatApplicationNo(
      applicationKindModule(pair.kind).definition.applicationNoPrefix,
      today.replaceAll('-', ''),
      index + 1
    ),
    approvedAt: 0,
    filedAt: 0
  }));

async function statusOf(applicationNo: string): Promise<string | undefined> {
  const [row] = await db
    .select({ status: applications.status })
    .from(applications)
    .where(eq(applications.applicationNo, applicationNo));
  return row?.status;
}
async function waitFor(applicationNo: string, statuses: string[]): Promise<void> {
  for (;;) {
    const status = await statusOf(applicationNo);
    if (status && statuses.includes(status)) return;
    if (status === 'filing_failed' || status === 'rejected') throw new Error(`${applicationNo} ended ${status}`);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

const startedAt = performance.now();
await inBatches(runs, async run => {
  // The rows are written through the kind's own module, as the API would, without the HTTP round trip.
  const kind = applicationKindModule(run.kind);
  const workflowId = applicationWorkflowId(kind.definition, run.applicationNo);
  const patientId = patientIds.get(run.person.certno)!;
  const prepared = await kind.prepare({ db, cipher: core.fieldCrypto }, patientId, {
    patientId,
    ...bodies[run.kind]!(run.code)
  });
  if ('refused' in prepared) throw new Error(`${run.applicationNo}: ${prepared.message}`);
  const [row] = await db
    .insert(applications)
    .values({
      kind: run.kind,
      applicationNo: run.applicationNo,
      applicantAccountId: account!.id,
      patientId,
      beginDate: prepared.beginDate,
      endDate: prepared.endDate,
      department: prepared.department,
      workflowId
    })
    .returning();
  await db.transaction(tx => prepared.writeDetails(tx, row!.id, new Date()));
  const handle = await client.workflow.start(applicationWorkflow, {
    workflowId,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [{ applicationId: row!.id, settings, documentsBeforeFiling: kind.definition.documentsBeforeFiling }]
  });
  await waitFor(run.applicationNo, ['under_review']);
  run.approvedAt = performance.now();
  await handle.executeUpdate(reviewApplicationUpdate, {
    args: [
      {
        reviewer: { userId: account!.id, label: '王建国（D1001）', staffNo: 'D1001', staffName: '王建国' },
        decision: 'approve',
        opinion: '同意'
      }
    ]
  });
  await waitFor(run.applicationNo, ['filed', 'approved']);
  run.filedAt = performance.now();
  await waitFor(run.applicationNo, ['approved']);
});
const applicationSeconds = (performance.now() - startedAt) / 1000;
const approved = (
  await db
    .select({ id: applications.id })
    .from(applications)
    .where(inArray(applications.status, ['approved']))
).length;

// Baseline: the same number of activities per workflow, doing nothing, on the same server.
const sample = await client.workflow
  .getHandle(applicationWorkflowId(chronicKind, runs.find(run => run.kind === chronicKind.id)!.applicationNo))
  .fetchHistory();
const activityCount = (sample.events ?? []).filter(event => event.activityTaskScheduledEventAttributes).length;
const baselineQueue = `${config.TEMPORAL_TASK_QUEUE}-baseline`;
const baselineConnection = await NativeConnection.connect({ address: temporalAddress });
const baselineWorker = await Worker.create({
  connection: baselineConnection,
  taskQueue: baselineQueue,
  workflowsPath: fileURLToPath(new URL('./baseline-workflows.ts', import.meta.url)),
  activities: { emptyStep: () => Promise.resolve() }
});
const baselineRun = baselineWorker.run();
const baselineStarted = performance.now();
await inBatches(
  runs.map((_, index) => index),
  async index => {
    await client.workflow.execute(baselineApplication, {
      workflowId: `baseline-${Date.now()}-${index}`,
      taskQueue: baselineQueue,
      args: [activityCount]
    });
  }
);
const baselineSeconds = (performance.now() - baselineStarted) / 1000;
baselineWorker.shutdown();
await baselineRun;
await baselineConnection.close();

const filingLatencies = runs.map(run => run.filedAt - run.approvedAt);
const applicationRate = runs.length / applicationSeconds;
for (const kind of [chronicKind.id, dualChannelKind.id]) {
  const ofKind = runs.filter(run => run.kind === kind);
  if (!ofKind.length) continue;
  const seconds = (Math.max(...ofKind.map(run => run.filedAt)) - startedAt) / 1000;
  const latencies = ofKind.map(run => run.filedAt - run.approvedAt);
  console.log(
    `${kind.padEnd(13)} ${String(ofKind.length).padStart(4)} applications; approval → filed p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p95 ${percentile(latencies, 0.95).toFixed(0)} ms; all filed within ${seconds.toFixed(1)} s`
  );
}
const baselineRate = runs.length / baselineSeconds;
console.log(
  `applications end to end:        ${runs.length} (${approved} approved) in ${applicationSeconds.toFixed(1)} s`
);
console.log(`applications per second:        ${applicationRate.toFixed(2)}`);
console.log(
  `doctor's approval → filed:      p50 ${percentile(filingLatencies, 0.5).toFixed(0)} ms, p95 ${percentile(filingLatencies, 0.95).toFixed(0)} ms`
);
console.log(`baseline (${activityCount} empty activities): ${baselineRate.toFixed(2)} workflows per second`);
console.log(`ratio (target ≥ 0.7):           ${(applicationRate / baselineRate).toFixed(2)}`);
console.log(`(the application includes 1 s of simulated bureau review and 1 s polling, which the baseline has not)`);

await connection.close();
await worker.shutdown();
await core.close();
await yibaoSim.close();
await hisSim.close();
await stopTemporal?.();
await dropDatabase?.();
fs.rmSync(dataDir, { recursive: true, force: true });
