/**
 * The console's budgets (issue 11), measured in Debian's Chromium against the API serving the built console:
 *   - JavaScript of the first load of /login, as gzip bytes on the wire        [≤ 300 KB]
 *   - /dashboard interactive (figures and chart drawn) with 10,000 applications [≤ 1.5 s]
 *   - Lighthouse 12 accessibility score of /login and /dashboard               [≥ 90]
 * It uses a database of its own on the PostgreSQL server of DATABASE_URL (default: the test server), filled
 * with 10,000 applications over the last 60 days, and drops it afterwards. Prints the figures.
 *
 *   npm run bench:web [-- applications]
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startFlow } from 'lighthouse';
import postgres from 'postgres';
import puppeteer from 'puppeteer-core';
import { chromium } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { seedDemoAccounts } from '../db/seed-demo';
import { createApiRuntime } from '../runtime/api-runtime';
import { parseConfig } from '../runtime/config';
import { buildStaleFronts } from '../runtime/front-builds';
import { freePort } from '../runtime/free-port';
import { openCoreServices } from '../runtime/services';
import { chromiumArgs, defaultBrowserSettings } from '../application-kinds/pdf-printer';

const applicationCount = Number(process.argv[2] ?? 10_000);
const password = 'Jxtcm@Bench2026';
const chromiumPath = defaultBrowserSettings.executablePath;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  console.log('building the console if its sources changed…');
  const { failed } = await buildStaleFronts(line => console.log(`  ${line}`), { only: ['console'] });
  if (failed.length) throw new Error('the console did not build');

  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  const databaseName = `yb_bench_web_${Date.now()}`;
  await admin.unsafe(`create database "${databaseName}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-web-'));
  const config = parseConfig({
    APP_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    DATABASE_URL: url.toString(),
    // The dashboard needs no workflow: the client connects lazily and is never used here.
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    PORT: String(await freePort()),
    PASSWORD_PBKDF2_ITERATIONS: '10000',
    ADMIN_TOTP_REQUIRED: '0'
  });
  const core = await openCoreServices(config, 'bench-web');
  try {
    await seedDemoAccounts(core.database.db, password, { iterations: 10_000 });
    const started = Date.now();
    await seedApplications(core.database.db, applicationCount);
    console.log(`seeded ${applicationCount} applications in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const api = await createApiRuntime(core);
    const server = api.app.listen(config.PORT, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const login = await loginJavaScript(base);
      const dashboard = await dashboardTimes(base);
      const scores = await accessibilityScores(base);
      console.log('');
      console.log(`console budgets (${applicationCount} applications in the database)`);
      console.log(
        `  /login first load JavaScript: ${kb(login.gzip)} gzip (${kb(login.brotli)} brotli, ${login.files} files, ${kb(login.raw)} uncompressed) [≤ 300 KB]`
      );
      console.log(
        `  /dashboard interactive: first load ${dashboard.cold.interactive} ms (chart drawn at ${dashboard.cold.chart} ms), reloads median ${dashboard.warmMedian} ms (max ${dashboard.warmMax} ms); GET /api/dashboard median ${dashboard.api} ms [≤ 1500 ms]`
      );
      console.log(`  Lighthouse accessibility: /login ${scores.login}, /dashboard ${scores.dashboard} [≥ 90]`);
      if (scores.failed.length) console.log(`  failed accessibility audits: ${scores.failed.join(', ')}`);
    } finally {
      api.closeStreams();
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
      await api.close();
    }
  } finally {
    await core.close();
    await admin.unsafe(`drop database if exists "${databaseName}" with (force)`);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Applications of both kinds over the last 60 days, in every status, written directly (no workflows needed). */
async function seedApplications(db: Awaited<ReturnType<typeof openCoreServices>>['database']['db'], count: number) {
  const patients = Math.max(Math.floor(count / 5), 1);
  await db.execute(sql`
    insert into patients (account_id, relation, name_enc, name_masked, name_blind, id_no_enc, id_no_blind, id_no_masked, birth_date, sex)
    select (select id from user_accounts where username = 'admin'), 'self', 'x', '张*', 'bench-name-' || i, 'x',
           'bench-id-' || i, '3601**********' || lpad((i % 10000)::text, 4, '0'), date '1960-01-01' + (i % 15000), 'male'
    from generate_series(1, ${patients}) as i`);
  await db.execute(sql`
    with numbered as (
      select i,
             case when i % 5 = 0 then 'dual_channel' else 'chronic' end as kind,
             (array['submitted','under_review','under_review','filing','filing_failed','filed','filed','approved',
                    'approved','approved','rejected','no_decision','withdrawn','doctor_rejected','revoked'])[1 + i % 15] as status,
             now() - ((i * 7919) % (60 * 24 * 60)) * interval '1 minute' as submitted_at
      from generate_series(1, ${count}) as i
    )
    insert into applications (kind, application_no, applicant_account_id, patient_id, status, yibao_sync_status,
                              begin_date, department, workflow_id, submitted_at, filed_at, updated_at)
    select kind,
           (case when kind = 'chronic' then 'MT' else 'SD' end) || to_char(submitted_at, 'YYYYMMDD') || lpad(i::text, 6, '0'),
           (select id from user_accounts where username = 'admin'),
           (select id from patients where id_no_blind = 'bench-id-' || (1 + i % ${patients})),
           status,
           case when status in ('filed','approved','rejected','no_decision','revoked') then 'sent'
                when status = 'filing_failed' then (case when i % 2 = 0 then 'network_failed' else 'business_failed' end)
                else 'person_verified' end,
           current_date, case when kind = 'chronic' then (array['内分泌科','心血管内科','肾病科','肿瘤科'])[1 + i % 4] end,
           'bench-' || i, submitted_at,
           case when status in ('filed','approved','rejected','no_decision','revoked') then submitted_at + interval '1 day' end,
           submitted_at + interval '1 hour'
    from numbered`);
  await db.execute(sql`
    insert into chronic_application_details (application_id, disease_code, disease_name, institution_code, institution_name)
    select id, 'M01600', '糖尿病', 'H36010200015', '江西中医药大学附属医院' from applications where kind = 'chronic'`);
  // An hour of calls to the bureau, a few of them failed.
  await db.execute(sql`
    insert into yibao_interface_log (called_at, infno, opter, attempt, duration_ms, outcome)
    select now() - (i * 7) * interval '1 second', (array['5301','2503','1101','5311'])[1 + i % 4], 'ybxt001', 1,
           20 + (i * 37) % 400, case when i % 23 = 0 then 'network' else 'ok' end
    from generate_series(1, 500) as i`);
}

/** Every script the first load of /login fetched, as the bytes the browser is sent with gzip and with brotli. */
async function loginJavaScript(base: string) {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const scripts = new Set<string>();
    page.on('response', response => {
      if (response.request().resourceType() === 'script') scripts.add(response.url());
    });
    await page.goto(`${base}/login`, { waitUntil: 'networkidle' });
    await page.getByPlaceholder('用户名').waitFor();
    let gzip = 0;
    let brotli = 0;
    let raw = 0;
    for (const script of scripts) {
      for (const encoding of ['gzip', 'br', 'identity'] as const) {
        const body = Buffer.from(
          await (await fetch(script, { headers: { 'accept-encoding': encoding } })).arrayBuffer()
        );
        // fetch decodes the body: the encoded size is what the server sent, read from Content-Length.
        const sent = await fetch(script, { method: 'HEAD', headers: { 'accept-encoding': encoding } });
        const length = Number(sent.headers.get('content-length') ?? body.length);
        if (encoding === 'gzip') gzip += length;
        else if (encoding === 'br') brotli += length;
        else raw += body.length;
      }
    }
    return { files: scripts.size, gzip, brotli, raw };
  } finally {
    await browser.close();
  }
}

/** From navigation to the figures and the chart on screen, signed in as the admin. */
async function dashboardTimes(base: string) {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const signIn = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password })
    });
    const { token } = (await signIn.json()) as { token: string };
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    // The session a sign-in leaves in the tab, so the first load is the dashboard's alone, nothing cached.
    await context.addInitScript(`sessionStorage.setItem('jx-console-token', ${JSON.stringify(token)})`);
    const page = await context.newPage();
    // Interactive: the figures are on screen as links to their lists; the chart is drawn after them.
    const load = async () => {
      const started = Date.now();
      await page.goto(`${base}/dashboard`);
      await page.locator('.figure-counts a').first().waitFor();
      const interactive = Date.now() - started;
      await page.locator('canvas').first().waitFor();
      return { interactive, chart: Date.now() - started };
    };
    const cold = await load();
    const warm: number[] = [];
    for (let run = 0; run < 5; run += 1) warm.push((await load()).interactive);
    const api: number[] = [];
    for (let run = 0; run < 10; run += 1) {
      const started = performance.now();
      const response = await fetch(`${base}/api/dashboard`, { headers: { authorization: `Bearer ${token}` } });
      await response.json();
      api.push(performance.now() - started);
    }
    return {
      cold,
      warmMedian: median(warm),
      warmMax: Math.max(...warm),
      api: Math.round(median(api))
    };
  } finally {
    await browser.close();
  }
}

/** Lighthouse's accessibility category: /login as a navigation, /dashboard as a snapshot once signed in. */
async function accessibilityScores(base: string) {
  const browser = await puppeteer.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1366, height: 768 });
    const flow = await startFlow(page, {
      config: { extends: 'lighthouse:default', settings: { onlyCategories: ['accessibility'] } }
    });
    await flow.navigate(`${base}/login`);
    await page.type('input[placeholder="用户名"]', 'admin');
    await page.type('input[placeholder="密码"]', password);
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'networkidle0' }).catch(() => undefined),
      page.click('button[type=submit]')
    ]);
    await page.waitForSelector('.figure-counts strong');
    await page.waitForSelector('canvas');
    await flow.snapshot();
    const result = await flow.createFlowResult();
    const [login, dashboard] = result.steps.map(step => step.lhr);
    const score = (lhr: typeof login) => Math.round((lhr?.categories.accessibility?.score ?? 0) * 100);
    const failed = result.steps.flatMap((step, index) =>
      Object.values(step.lhr.audits)
        .filter(audit => audit.score === 0 && audit.scoreDisplayMode === 'binary')
        .map(audit => {
          const items = (audit.details as { items?: { node?: { snippet?: string } }[] } | undefined)?.items ?? [];
          const where = items
            .slice(0, 3)
            .map(item => item.node?.snippet ?? '')
            .join(' ');
          return `${index === 0 ? '/login' : '/dashboard'}: ${audit.id} ${where}`;
        })
    );
    return { login: score(login), dashboard: score(dashboard), failed };
  } finally {
    await browser.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  }
);
