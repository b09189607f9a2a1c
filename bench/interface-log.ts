/**
 * `npm run bench:interface-log -- [rows]` — the interface log's admin search on a large table.
 * Creates its own database next to DATABASE_URL's (default: the test server), migrates it, creates the monthly
 * partitions of the last 12 months (as a system that has been running that long has them), fills it with
 * `rows` calls (default 2,000,000) of 200,000 patients, then times searchInterfaceLog for each filter the
 * admin console offers and prints p50/p95 per filter. Drops the database at the end (KEEP_BENCH_DB=1 keeps it).
 */
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from '../db/schema';
import { migrateDatabase } from '../db/migrate';
import { testFieldCrypto } from '../yibao/sim/testing';
import { ensureInterfaceLogPartitions, searchInterfaceLog, type InterfaceLogFilters } from '../yibao/interface-log';

const rowCount = Number(process.argv[2] ?? 2_000_000);
const patientCount = 200_000;
const runsPerFilter = 30;
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const databaseName = `yb_bench_interface_log_${process.pid}`;
const keep = process.env.KEEP_BENCH_DB === '1';

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

const certNoOf = (patient: number) => `3601${String(patient).padStart(14, '0')}`;
const cardNoOf = (patient: number) => `J${String(patient).padStart(9, '0')}`;

const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
await admin.unsafe(`create database "${databaseName}"`);
const url = new URL(serverUrl);
url.pathname = `/${databaseName}`;
const sql = postgres(url.toString(), { max: 4, onnotice: () => undefined });
const db = drizzle(sql, { schema });
try {
  await migrateDatabase({ db, sql, url: url.toString(), close: () => sql.end() });
  const now = new Date();
  for (let monthsBack = 12; monthsBack >= 0; monthsBack -= 1) {
    await ensureInterfaceLogPartitions(sql, new Date(now.getTime() - monthsBack * 30.5 * 86_400_000), 0);
  }
  await ensureInterfaceLogPartitions(sql, now);

  const crypto = testFieldCrypto();
  let started = performance.now();
  await sql`create unlogged table bench_patients (k int primary key, cert_enc text, cert_idx text, card_enc text, card_idx text)`;
  for (let from = 0; from < patientCount; from += 20_000) {
    const ks = Array.from({ length: Math.min(20_000, patientCount - from) }, (_, index) => from + index);
    await sql`
      insert into bench_patients
      select * from unnest(
        ${ks}::int[],
        ${ks.map(k => crypto.encrypt(certNoOf(k)))}::text[],
        ${ks.map(k => crypto.blindIndex('id-number', certNoOf(k)))}::text[],
        ${ks.map(k => crypto.encrypt(cardNoOf(k)))}::text[],
        ${ks.map(k => crypto.blindIndex('card-number', cardNoOf(k)))}::text[])`;
  }
  // One call every few seconds over the last year; 2503/5301/1101 dominate as in the hospital's traffic.
  const spacingMs = (365 * 86_400_000) / rowCount;
  for (let from = 1; from <= rowCount; from += 250_000) {
    const to = Math.min(rowCount, from + 249_999);
    await sql`
      insert into yibao_interface_log (
        called_at, infno, msgid, opter, application_no, attempt, duration_ms, http_status, infcode, outcome,
        err_msg, request_body, response_body, cert_no_enc, cert_no_index, card_no_enc, card_no_index)
      select
        ${now.toISOString()}::timestamptz - round(g * ${spacingMs}::float8) * interval '1 millisecond',
        (array['1101','2503','5301','5301','5205','2511','5311','9001'])[1 + g % 8],
        'H36010200015' || to_char(${now.toISOString()}::timestamptz - g * interval '1 second', 'YYYYMMDDHH24MISS')
          || lpad((g % 10000)::text, 4, '0'),
        'ybxt001',
        case when g % 8 in (1, 5) then 'MT' || lpad((g / 8)::text, 10, '0') end,
        1, 20 + g % 300, 200, case when g % 50 = 1 then -1 else 0 end,
        case when g % 50 = 1 then 'business' else 'ok' end,
        case when g % 50 = 1 then '系统繁忙，请稍后重试' end,
        jsonb_build_object('data', jsonb_build_object('psn_no', '3601****' || (g % 100), 'opsp_dise_code', 'M03900')),
        jsonb_build_object('infcode', 0, 'output', jsonb_build_object('result', 'ok')),
        p.cert_enc, p.cert_idx, case when g % 3 = 0 then p.card_enc end, case when g % 3 = 0 then p.card_idx end
      from generate_series(${from}::int, ${to}::int) g
      join bench_patients p on p.k = g % ${patientCount}`;
  }
  await sql`analyze yibao_interface_log`;
  const loadSeconds = (performance.now() - started) / 1000;
  const [size] = await sql<{ size: string }[]>`
    select pg_size_pretty(sum(pg_total_relation_size(c.oid))) as size
    from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'yibao_interface_log'::regclass`;

  const randomPatient = () => Math.floor(Math.random() * patientCount);
  const dayStart = (daysBack: number) => new Date(now.getTime() - daysBack * 86_400_000);
  const deepCursor = async () => {
    const [row] = await sql<{ called_at: Date; id: string }[]>`
      select called_at, id from yibao_interface_log order by called_at desc, id desc offset 5000 limit 1`;
    return row
      ? Buffer.from(`${new Date(row.called_at).toISOString()}|${row.id}`, 'utf8').toString('base64url')
      : undefined;
  };
  const cursor = await deepCursor();
  const cases: [string, () => InterfaceLogFilters][] = [
    ['by ID number (blind index)', () => ({ certNo: certNoOf(randomPatient()) })],
    ['by card number (blind index)', () => ({ cardNo: cardNoOf(randomPatient()) })],
    [
      'by application number',
      () => ({ applicationNo: `MT${String(Math.floor((Math.random() * rowCount) / 8)).padStart(10, '0')}` })
    ],
    ['2503 business failures, last 30 days', () => ({ infno: '2503', outcome: 'business', from: dayStart(30) })],
    ['one day, any call', () => ({ from: dayStart(101), to: dayStart(100) })],
    ['newest page, no filter', () => ({})],
    ['page 101 (cursor 5,000 rows deep)', () => ({ cursor })],
    ['ID number + one month', () => ({ certNo: certNoOf(randomPatient()), from: dayStart(60), to: dayStart(30) })]
  ];

  console.log(
    'Interface log search: %d rows (%s with indexes) over 12 monthly partitions, %d patients; loaded in %ss',
    rowCount,
    size?.size ?? '?',
    patientCount,
    loadSeconds.toFixed(0)
  );
  for (const [label, filters] of cases) {
    const durations: number[] = [];
    let rows = 0;
    for (let run = 0; run < runsPerFilter; run += 1) {
      started = performance.now();
      const page = await searchInterfaceLog(db, { ...filters(), limit: 50 }, crypto);
      durations.push(performance.now() - started);
      rows += page.rows.length;
    }
    durations.sort((a, b) => a - b);
    console.log(
      '  %s: p50 %s ms, p95 %s ms (%s rows per page on average)',
      label.padEnd(38),
      percentile(durations, 0.5).toFixed(1),
      percentile(durations, 0.95).toFixed(1),
      (rows / runsPerFilter).toFixed(0)
    );
  }
} finally {
  await sql.end({ timeout: 5 });
  if (keep) console.log('kept database %s', databaseName);
  else await admin.unsafe(`drop database if exists "${databaseName}" with (force)`);
  await admin.end();
}
