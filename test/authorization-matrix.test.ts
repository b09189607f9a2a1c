/**
 * The authorization matrix of issue 6 (security-controls §4.1, §4.3, §4.4): every registered route × every
 * actor × whose resource (patient A's, or child C's through guardian G), generated from `app.locals.routes`
 * so a new route is covered without editing this file. Also: every route declares its rule, every non-public
 * route refuses an anonymous caller, no response or log line carries unmasked personal data, and fuzzed
 * bodies and queries never cause a 5xx. Longer than 400 lines: the expectation table and the walk that checks it
 * are read together.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privacyPolicyVersion } from '../domain/consent';
import type { ApiRoutes, RegisteredRoute } from '../api/route';
import { adults, linkPerson, submitChronic, syncCatalogue, waitForStatus } from './support/applications';
import { call, signInPatient, signInStaff, simPersons, type SimPerson } from './support/http';
import { assertNoUnmaskedPii, findKnownPersons, findUnmaskedPii, type KnownPerson } from './support/pii-scanner';
import { startTestSystem, type TestSystem } from './support/system';

const actorNames = ['A', 'B', 'G', 'D1', 'D2', 'admin', 'auditor', 'secadmin', 'anonymous'] as const;
type Actor = (typeof actorNames)[number];
type Owner = 'A' | 'C';
const patientActors: Actor[] = ['A', 'B', 'G'];
const staffActors: Actor[] = ['D1', 'D2', 'admin', 'auditor', 'secadmin'];
/** The account that owns each owner's records: A's own, and the child C's through the guardian G. */
const ownerAccount: Record<Owner, Actor> = { A: 'A', C: 'G' };

/**
 * Who may get a 2xx, per route. Words: `all` (anonymous too), `signedIn`, `patient`, `staff`, `owner` (the
 * account owning the substituted resource), an actor name (for either owner) or `actor:owner` (only with that
 * owner's resource). Everyone else must get 401, 403 or 404. `strict`: the allowed callers must get a 2xx
 * (reads); otherwise they may also get a 4xx that is not 401/403/404 (a minimal body, a state that forbids
 * the action). `last`: changes state or ends sessions, so it runs after every other route, allowed actor
 * last. Routes missing here get a default derived from their access rule (see `expectationFor`).
 */
interface Expectation {
  ok: string[];
  strict?: boolean;
  last?: boolean;
  /** Defaults only: the allowed callers may also be refused (the table does not know the route's rule). */
  unsure?: boolean;
}

const app = '/api/chronic-applications';
const expectations: Record<string, Expectation> = {
  'post /api/auth/login': { ok: ['all'] },
  'post /api/auth/sms/send': { ok: ['all'] },
  'post /api/auth/sms/login': { ok: ['all'] },
  'post /api/auth/wechat': { ok: ['all'] },
  'get /api/dev/sms-outbox': { ok: ['all'] },
  // Staff reach these with a restricted or full session; a wrong current password or code is a 400.
  'post /api/auth/password': { ok: ['staff'] },
  'post /api/auth/totp/enroll': { ok: ['staff'] },
  'post /api/auth/totp/confirm': { ok: ['staff'] },
  'get /api/auth/me': { ok: ['signedIn'], strict: true },
  // Any staff member reads or undoes a binding; binding itself is refused (403) to all but doctors once the
  // body is valid, which the matrix's minimal body is not (400).
  'get /api/auth/wechat/binding': { ok: ['staff'], strict: true },
  'put /api/auth/wechat/binding': { ok: ['staff'], last: true },
  'delete /api/auth/wechat/binding': { ok: ['staff'], last: true },
  'post /api/auth/logout': { ok: ['all'], last: true },
  'get /api/diseases': { ok: ['all'], strict: true },
  'get /api/institutions': { ok: ['all'], strict: true },
  'post /api/diseases/sync': { ok: ['admin'], strict: true },
  'get /api/diseases/syncs': { ok: ['admin'], strict: true },
  'put /api/institutions/:code': { ok: ['admin'], strict: true },
  'post /api/me/patients': { ok: ['patient'] },
  'get /api/me/patients': { ok: ['patient'], strict: true },
  'get /api/me/patients/:id': { ok: ['owner'], strict: true },
  'post /api/me/patients/:id/consents': { ok: ['owner'], strict: true },
  'delete /api/me/patients/:id/consents/:consentId': { ok: ['owner'], last: true },
  'delete /api/me/patients/:id': { ok: ['owner'], last: true },
  [`post ${app}`]: { ok: ['owner'] },
  // Auditors and security admins have no business with applications (三权分立).
  [`get ${app}`]: { ok: ['patient', 'D1', 'D2', 'admin'], strict: true },
  [`post ${app}/search`]: { ok: ['patient', 'D1', 'D2', 'admin'], strict: true },
  // C is under 14: staff need an approved minor-access grant even in their own department.
  [`get ${app}/:id`]: { ok: ['owner', 'D1:A', 'admin:A'], strict: true },
  [`get ${app}/:id/history`]: { ok: ['admin:A'], strict: true },
  [`get ${app}/:id/medication-records`]: { ok: ['D1:A'] },
  [`get ${app}/:id/his-visits`]: { ok: ['D1:A'], strict: true },
  [`post ${app}/:id/review`]: { ok: ['D1:A'], last: true },
  [`post ${app}/:id/retry-filing`]: { ok: ['admin:A'], last: true },
  [`post ${app}/:id/sync-status`]: { ok: ['admin:A'], last: true },
  [`post ${app}/:id/revoke`]: { ok: ['owner', 'admin:A'], last: true },
  [`post ${app}/:id/withdraw`]: { ok: ['owner'], last: true },
  'get /api/audit-logs': { ok: ['auditor', 'secadmin'], strict: true },
  'post /api/audit-logs/verify': { ok: ['auditor'], strict: true },
  'post /api/minor-access-grants': { ok: ['staff'] },
  'get /api/minor-access-grants': { ok: ['secadmin'], strict: true },
  'post /api/minor-access-grants/:id/approve': { ok: ['secadmin'], last: true },
  'get /api/reports/minors': { ok: ['auditor', 'secadmin'], strict: true },
  'get /api/interface-logs': { ok: ['admin', 'auditor'], strict: true },
  'post /api/interface-logs/search': { ok: ['admin', 'auditor'], strict: true },
  'get /api/yibao/sign-ins': { ok: ['admin'], strict: true },
  'post /api/yibao/sign-in': { ok: ['admin'] },
  'post /api/yibao/sign-out': { ok: ['admin'], last: true },
  // The console's routes.
  'get /api/dashboard': { ok: ['admin'], strict: true },
  'post /api/applications/search': { ok: ['D1', 'D2', 'admin'], strict: true },
  'post /api/applications/export': { ok: ['admin'], strict: true },
  [`get ${app}/:id/timeline`]: { ok: ['D1:A', 'admin:A'], strict: true },
  [`get ${app}/:id/attachments`]: { ok: ['D1:A', 'admin:A'], strict: true },
  'get /api/his/doctors': { ok: ['D1', 'D2'], strict: true },
  'get /api/events/applications': { ok: ['D1', 'D2', 'admin'], strict: true },
  'post /api/interface-logs/export': { ok: ['auditor'], strict: true },
  // A selection of someone else's application answers 200 with a refusal per application.
  'post /api/applications/bulk/retry-filing': { ok: ['admin'], last: true },
  'post /api/applications/bulk/sync-status': { ok: ['admin'], last: true },
  'post /api/applications/bulk/revoke': { ok: ['admin'], last: true },
  // The help centre is public: everyone, signed in or not, reads the same content.
  'get /api/help/articles': { ok: ['all'], strict: true },
  'get /api/help/articles/:slug': { ok: ['all'], strict: true },
  'get /api/help/search': { ok: ['all'], strict: true },
  'get /api/help/materials': { ok: ['all'], strict: true },
  'get /api/help/statuses': { ok: ['all'], strict: true }
};

const routeKey = (route: RegisteredRoute) => `${route.method} ${route.path}`;
const hasParams = (route: RegisteredRoute) => route.path.includes('/:');

/**
 * For a route nobody listed above (a new one): at most what its access rule allows, and among patients only
 * the owner where ids or a body are involved. Those may also be refused; everyone else must be.
 */
function expectationFor(route: RegisteredRoute): Expectation {
  const listed = expectations[routeKey(route)];
  if (listed) return listed;
  const last = route.method !== 'get' && !route.path.endsWith('/search');
  if ('public' in route.access) return { ok: ['all'], last, unsure: true };
  const kind = route.access.signedIn;
  const isList = !hasParams(route) && (route.method === 'get' || route.path.endsWith('/search'));
  if (isList) return { ok: kind === 'any' ? ['signedIn'] : [kind], last, unsure: true };
  const owned = hasParams(route) || route.hasBody;
  const patients = owned ? ['owner'] : ['patient'];
  const ok = kind === 'staff' ? ['staff'] : kind === 'patient' ? patients : [...patients, 'staff'];
  return { ok, last, unsure: true };
}

function mayGet2xx(expectation: Expectation, actor: Actor, owner: Owner): boolean {
  return expectation.ok.some(word => {
    if (word === 'all') return true;
    if (word === 'signedIn') return actor !== 'anonymous';
    if (word === 'patient') return patientActors.includes(actor);
    if (word === 'staff') return staffActors.includes(actor);
    if (word === 'owner') return ownerAccount[owner] === actor;
    const [who, whose] = word.split(':');
    return who === actor && (whose === undefined || whose === owner);
  });
}

interface Fixture {
  token: Partial<Record<Actor, string>>;
  persons: Record<Owner | 'B' | 'G', SimPerson>;
  patientId: Record<Owner, string>;
  applicationId: Record<Owner, string>;
  consentId: Record<Owner, string>;
  grantId: string;
  phones: Record<'A' | 'B' | 'G', string>;
}

interface RawResponse {
  status: number;
  text: string;
  body: unknown;
}

async function send(
  system: TestSystem,
  method: string,
  path: string,
  options: { token?: string | undefined; rawBody?: string | undefined } = {}
): Promise<RawResponse> {
  const response = await fetch(`${system.apiUrl}${path}`, {
    method: method.toUpperCase(),
    headers: {
      ...(options.rawBody === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {})
    },
    ...(options.rawBody === undefined ? {} : { body: options.rawBody })
  });
  // An event stream never ends: its first event is enough to judge the answer.
  const text = response.headers.get('content-type')?.startsWith('text/event-stream')
    ? await firstChunk(response)
    : await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: kept as text for the scanner
  }
  return { status: response.status, text, body };
}

async function firstChunk(response: Response): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const { value } = await reader.read();
  await reader.cancel();
  return new TextDecoder().decode(value);
}

const logLines: string[] = [];
/** A well-formed ID number of nobody, used in request bodies and by the fuzzer. */
const fuzzIdNumber = '360102199001011234';
const currentYear = new Date().getFullYear();

describe('authorization matrix over every route, actor and owner', () => {
  let system: TestSystem;
  let routes: RegisteredRoute[];
  const fixture: Fixture = {
    token: {},
    persons: {} as Fixture['persons'],
    patientId: {} as Fixture['patientId'],
    applicationId: {} as Fixture['applicationId'],
    consentId: {} as Fixture['consentId'],
    grantId: '',
    phones: { A: '13907931001', B: '13907931002', G: '13907931003' }
  };
  let known: Record<Owner, KnownPerson>;
  const applicationPhone = '13907910001';

  beforeAll(async () => {
    system = await startTestSystem('authz', {}, { logSink: { write: line => void logLines.push(line) } });
    routes = (system.api.app.locals.routes as ApiRoutes).routes;
    const [admin, d1, d2, auditor, secadmin] = await Promise.all(
      ['admin', 'doctor1', 'doctor2', 'auditor', 'secadmin'].map(name => signInStaff(system, name))
    );
    Object.assign(fixture.token, { admin, D1: d1, D2: d2, auditor, secadmin });
    await syncCatalogue(system, admin!);
    for (const actor of ['A', 'B', 'G'] as const)
      fixture.token[actor] = await signInPatient(system, fixture.phones[actor]);

    const grown = await adults(system);
    const child = (await simPersons(system)).find(person => person.age < 14);
    if (!child || grown.length < 3) throw new Error('the simulator has no child under 14 or too few adults');
    fixture.persons = { A: grown[0]!, B: grown[1]!, G: grown[2]!, C: child };
    fixture.patientId.A = await linkPerson(system, fixture.token.A!, fixture.persons.A);
    await linkPerson(system, fixture.token.B!, fixture.persons.B);
    await linkPerson(system, fixture.token.G!, fixture.persons.G);
    fixture.patientId.C = await linkPerson(system, fixture.token.G!, child, 'child');
    for (const [owner, kinds] of [
      ['A', ['health_data']],
      ['C', ['guardian', 'health_data']]
    ] as const) {
      for (const kind of kinds) {
        const consent = await call<{ id: string }>(
          system,
          'POST',
          `/api/me/patients/${fixture.patientId[owner]}/consents`,
          { token: fixture.token[ownerAccount[owner]]!, body: { kind, policyVersion: privacyPolicyVersion } }
        );
        expect(consent.status, JSON.stringify(consent.body)).toBe(201);
        fixture.consentId[owner] = consent.body.id;
      }
    }
    // M01600 (糖尿病) is reviewed by 内分泌科, doctor1's department, for both.
    for (const owner of ['A', 'C'] as const) {
      const token = fixture.token[ownerAccount[owner]]!;
      const { id } = await submitChronic(system, token, fixture.patientId[owner], 'M01600');
      fixture.applicationId[owner] = id;
      await waitForStatus(system, token, id, 'under_review');
    }
    const grant = await call<{ id: string }>(system, 'POST', '/api/minor-access-grants', {
      token: fixture.token.D2!,
      body: { patientId: fixture.patientId.C, purpose: 'review', reason: '会诊需要查看', validDays: 1 }
    });
    expect(grant.status, JSON.stringify(grant.body)).toBe(201);
    fixture.grantId = grant.body.id;

    const person = (label: string, who: SimPerson, phone: string): KnownPerson => ({
      label,
      name: who.psn_name,
      idNo: who.certno,
      phone
    });
    known = {
      A: person('A', fixture.persons.A, fixture.phones.A),
      C: person('C', fixture.persons.C, applicationPhone)
    };
  }, 180_000);

  afterAll(async () => {
    await system?.stop();
  });

  /** The path with the owner's ids in it: applications, persons, consents, grants, institutions. */
  function pathFor(route: RegisteredRoute, owner: Owner): string {
    return route.path.replace(/:(\w+)/g, (_match, name: string) => {
      if (name === 'consentId') return fixture.consentId[owner];
      if (name === 'code') return 'H36019999901';
      if (name === 'slug') return 'application-statuses';
      if (route.path.startsWith('/api/me/patients/')) return fixture.patientId[owner];
      if (route.path.startsWith('/api/minor-access-grants/')) return fixture.grantId;
      if (route.path.includes('application')) return fixture.applicationId[owner];
      return fixture.patientId[owner];
    });
  }

  const queries: Record<string, string> = {
    'get /api/reports/minors': `?year=${currentYear}`,
    'get /api/dev/sms-outbox': '?phone=12345',
    'get /api/help/search': `?q=${encodeURIComponent('糖尿病')}`,
    'get /api/help/materials': '?diseaseCode=M01600'
  };

  /**
   * A minimal body that gets past the schema where that is safe: the sign-in routes get schema-invalid
   * bodies on purpose, so the run's shared per-IP throttles (SMS sends, failed sign-ins) are not used up.
   */
  function bodyFor(route: RegisteredRoute, owner: Owner): unknown {
    const key = routeKey(route);
    const bodies: Record<string, unknown> = {
      'post /api/auth/login': { username: '', password: '' },
      'post /api/auth/sms/send': { phone: '12345' },
      'post /api/auth/sms/login': { phone: '12345', code: '' },
      'post /api/auth/wechat': { code: '' },
      'post /api/auth/password': { currentPassword: 'not-the-password', newPassword: 'Another@Pass2026' },
      'post /api/auth/totp/confirm': { code: '000000' },
      'put /api/institutions/:code': { name: '授权矩阵测试机构', admdvs: '360100', valid: false },
      'post /api/me/patients': { name: '测试人', idNo: fuzzIdNumber, relation: 'other' },
      'post /api/me/patients/:id/consents': { kind: 'health_data', policyVersion: privacyPolicyVersion },
      [`post ${app}`]: {
        patientId: fixture.patientId[owner],
        diseaseCode: 'M01600',
        institutionCode: 'H36010200015',
        phone: applicationPhone,
        address: '江西省南昌市东湖区八一大道445号',
        beginDate: '2026-12-01'
      },
      [`post ${app}/search`]: {},
      'post /api/applications/search': { kind: 'chronic' },
      'post /api/applications/export': { kind: 'chronic' },
      'post /api/applications/bulk/retry-filing': { ids: [fixture.applicationId[owner]] },
      'post /api/applications/bulk/sync-status': { ids: [fixture.applicationId[owner]] },
      'post /api/applications/bulk/revoke': { ids: [fixture.applicationId[owner]], reason: '授权矩阵测试' },
      'post /api/interface-logs/export': { from: '2026-01-01' },
      [`post ${app}/:id/review`]: { decision: 'approve', opinion: '符合认定标准' },
      [`post ${app}/:id/revoke`]: { reason: '授权矩阵测试' },
      'post /api/minor-access-grants': {
        patientId: fixture.patientId[owner],
        purpose: 'review',
        reason: '授权矩阵测试',
        validDays: 1
      }
    };
    if (key in bodies) return bodies[key];
    // New routes: the shared verbs' bodies by their last path segment, else an empty object.
    const byVerb: Record<string, unknown> = {
      review: bodies[`post ${app}/:id/review`],
      revoke: bodies[`post ${app}/:id/revoke`]
    };
    return route.hasBody ? (byVerb[route.path.split('/').pop() ?? ''] ?? {}) : undefined;
  }

  /** Routes whose answer cannot depend on whose resource it is are called once per actor. */
  function ownersOf(route: RegisteredRoute): Owner[] {
    const body = bodyFor(route, 'A');
    const ownerDependent = hasParams(route) || JSON.stringify(body) !== JSON.stringify(bodyFor(route, 'C'));
    return ownerDependent ? ['A', 'C'] : ['A'];
  }

  async function checkCell(route: RegisteredRoute, actor: Actor, owner: Owner): Promise<string[]> {
    const expectation = expectationFor(route);
    const allowed = mayGet2xx(expectation, actor, owner);
    const body = bodyFor(route, owner);
    // A new route's body is a guess: its schema may refuse it (400) before ownership is looked at.
    const guessedBody = route.hasBody && JSON.stringify(body) === '{}';
    const path = `${pathFor(route, owner)}${queries[routeKey(route)] ?? ''}`;
    const response = await send(system, route.method, path, {
      token: actor === 'anonymous' ? undefined : fixture.token[actor],
      rawBody: body === undefined ? undefined : JSON.stringify(body)
    });
    const cell = `${actor} → ${route.method.toUpperCase()} ${route.path} [${owner}'s]`;
    const problems: string[] = [];
    const { status } = response;
    if (status >= 500) problems.push(`${cell}: ${status} ${response.text.slice(0, 200)}`);
    else if (!allowed && !(expectation.unsure && guessedBody && status === 400) && ![401, 403, 404].includes(status))
      problems.push(`${cell}: ${status}, expected 401/403/404 — ${response.text.slice(0, 200)}`);
    else if (allowed && expectation.strict && (status < 200 || status > 299))
      problems.push(`${cell}: ${status}, expected 2xx — ${response.text.slice(0, 200)}`);
    else if (allowed && !expectation.unsure && [401, 403, 404].includes(status))
      problems.push(
        `${cell}: ${status}, expected the allowed caller to be let through — ${response.text.slice(0, 200)}`
      );
    for (const finding of findUnmaskedPii(response.text))
      problems.push(`${cell}: unmasked ${finding.kind} ${finding.value} in …${finding.context}…`);
    // The owning account may see its own people (masked anyway); everybody else never sees them in full.
    const strangers = (['A', 'C'] as const).filter(whose => ownerAccount[whose] !== actor).map(whose => known[whose]);
    for (const finding of findKnownPersons(response.text, strangers))
      problems.push(`${cell}: foreign personal data ${finding.value} in …${finding.context}…`);
    return problems;
  }

  it('has a non-empty public reason or a signed-in rule on every registered route', () => {
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes.filter(route => {
      const access: unknown = route.access;
      if (typeof access !== 'object' || access === null) return true;
      if ('public' in access) return typeof access.public !== 'string' || access.public.trim().length < 8;
      if ('signedIn' in access) return !['patient', 'staff', 'any'].includes(String(access.signedIn));
      return true;
    });
    expect(missing.map(routeKey)).toEqual([]);
  });

  it('answers 401 without a token on every non-public route, before looking at the body or the ids', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter(candidate => 'signedIn' in candidate.access)) {
      for (const owner of ownersOf(route)) {
        const body = bodyFor(route, owner);
        const response = await send(system, route.method, pathFor(route, owner), {
          rawBody: body === undefined ? undefined : JSON.stringify(body)
        });
        if (response.status !== 401) wrong.push(`${routeKey(route)}: ${response.status}`);
        // A made-up token is no better than none.
        const forged = await send(system, route.method, pathFor(route, owner), {
          token: 'x'.repeat(43),
          rawBody: body === undefined ? undefined : JSON.stringify(body)
        });
        if (forged.status !== 401) wrong.push(`${routeKey(route)} with a forged token: ${forged.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('gives every actor exactly the statuses of the expectation table and no foreign or unmasked personal data', async () => {
    const problems: string[] = [];
    let cells = 0;
    const now = routes.filter(route => !expectationFor(route).last);
    for (const route of now)
      for (const owner of ownersOf(route))
        for (const actor of actorNames) {
          problems.push(...(await checkCell(route, actor, owner)));
          cells += 1;
        }
    // State-changing routes: every denied actor first (nothing may change), then the allowed ones once each.
    const later = routes.filter(route => expectationFor(route).last && routeKey(route) !== 'post /api/auth/logout');
    for (const pass of ['denied', 'allowed'] as const)
      for (const route of later)
        for (const owner of ownersOf(route))
          for (const actor of actorNames) {
            if (mayGet2xx(expectationFor(route), actor, owner) !== (pass === 'allowed')) continue;
            problems.push(...(await checkCell(route, actor, owner)));
            cells += 1;
          }
    expect(cells).toBeGreaterThan(300);
    expect(problems).toEqual([]);
  }, 120_000);

  it("keeps another patient's application out of lists and search, whatever the filter", async () => {
    const leaks: string[] = [];
    for (const actor of ['B', 'G', 'D2', 'auditor', 'secadmin'] as const) {
      for (const [method, path, body] of [
        ['GET', `${app}?pageSize=100`, undefined],
        ['POST', `${app}/search`, { idNo: fixture.persons.A.certno, pageSize: 100 }],
        ['POST', `${app}/search`, { patientName: fixture.persons.A.psn_name, pageSize: 100 }]
      ] as const) {
        const response = await send(system, method, path, {
          token: fixture.token[actor],
          rawBody: body === undefined ? undefined : JSON.stringify(body)
        });
        if (response.text.includes(fixture.applicationId.A)) leaks.push(`${actor} ${method} ${path}`);
        assertNoUnmaskedPii(`${actor} ${method} ${path}`, response.body, [known.A]);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('never answers a fuzzed body, query or id with a 5xx, whoever sends it', async () => {
    const fuzzToken = (route: RegisteredRoute): string | undefined => {
      if ('public' in route.access) return undefined;
      const expectation = expectationFor(route);
      const actor = ([...staffActors, 'A'] as Actor[]).find(candidate => mayGet2xx(expectation, candidate, 'A'));
      return fixture.token[actor ?? (route.access.signedIn === 'staff' ? 'admin' : 'A')];
    };
    const oddText = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ minLength: 5_000, maxLength: 20_000 }),
      fc.constantFrom('__proto__', 'constructor', "' OR 1=1 --", '%00', '\u202e', '${7*7}', '../../etc/passwd'),
      fc.integer().map(String),
      fc.double().map(String),
      fc.constantFrom('1e309', '-0', 'NaN', '00000000-0000-0000-0000-000000000000', fuzzIdNumber)
    );
    const value: fc.Arbitrary<unknown> = fc.oneof(
      oddText,
      fc.jsonValue(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null)
    );
    const prototypeKeys = fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString');
    const bodyText = fc.oneof(
      fc.json(),
      fc
        .dictionary(fc.oneof(fc.string({ maxLength: 12 }), prototypeKeys), value, { maxKeys: 6 })
        .map(o => JSON.stringify(o)),
      fc.tuple(prototypeKeys, value).map(([key, inner]) => `{"${key}":${JSON.stringify(inner) ?? 'null'}}`),
      fc.string({ maxLength: 200 }),
      fc.constant('{"a":'.repeat(2000)),
      fc.constant(`${'['.repeat(20_000)}${']'.repeat(20_000)}`)
    );
    const queryText = fc
      .array(
        fc.tuple(
          fc.oneof(
            fc.string({ maxLength: 12 }),
            prototypeKeys,
            fc.constantFrom('page', 'pageSize', 'year', 'status', 'phone', 'idNo')
          ),
          oddText
        ),
        {
          maxLength: 4
        }
      )
      .map(pairs =>
        pairs.map(([key, inner]) => `${encodeURIComponent(key)}=${encodeURIComponent(inner.slice(0, 300))}`).join('&')
      );
    const idText = fc.oneof(
      oddText.map(text => encodeURIComponent(text.slice(0, 200)) || 'x'),
      fc.uuid()
    );

    const failures: string[] = [];
    const started = Date.now();
    // Logout would end the fuzzing actor's session; its body is ignored anyway, so it is fuzzed anonymously.
    for (const route of routes) {
      const token = routeKey(route) === 'post /api/auth/logout' ? undefined : fuzzToken(route);
      const fuzzable = route.hasBody || route.method === 'get';
      if (!fuzzable) continue;
      const before = failures.length;
      await fc
        .assert(
          fc.asyncProperty(bodyText, queryText, idText, fc.boolean(), async (rawBody, query, id, randomId) => {
            const base = randomId ? route.path.replace(/:(\w+)/g, id) : pathFor(route, 'A');
            const response = await send(system, route.method, `${base}${query ? `?${query}` : ''}`, {
              token,
              rawBody: route.hasBody ? rawBody : undefined
            });
            if (response.status >= 500)
              failures.push(
                `${routeKey(route)} ${response.status} body=${rawBody.slice(0, 120)} query=${query.slice(0, 120)}`
              );
            return response.status < 500;
          }),
          { numRuns: 20, endOnFailure: true }
        )
        .catch((error: unknown) => {
          // A 5xx is already recorded with its input; anything else (a failed request) is recorded here.
          if (failures.length === before) failures.push(`${routeKey(route)}: ${String(error).slice(0, 400)}`);
        });
    }
    expect(failures).toEqual([]);
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 90_000);

  it('lets a signed-in user log out once, after which the token answers 401 everywhere', async () => {
    const logout = routes.find(route => routeKey(route) === 'post /api/auth/logout');
    expect(logout).toBeDefined();
    const problems: string[] = [];
    for (const actor of actorNames) problems.push(...(await checkCell(logout!, actor, 'A')));
    expect(problems).toEqual([]);
    const after = await send(system, 'GET', '/api/auth/me', { token: fixture.token.A });
    expect(after.status).toBe(401);
  });

  it('wrote no patient name, ID number or phone and no session token into any log line of the run', () => {
    const log = logLines.join('');
    // The sink really received the API's request log and the worker's activity log.
    expect(logLines.length).toBeGreaterThan(100);
    expect(log).toContain('"path":"/api/chronic-applications"');
    const people: KnownPerson[] = [
      known.A,
      known.C,
      { label: 'B', name: fixture.persons.B.psn_name, idNo: fixture.persons.B.certno, phone: fixture.phones.B },
      { label: 'G', name: fixture.persons.G.psn_name, idNo: fixture.persons.G.certno, phone: fixture.phones.G },
      { label: 'A (sim phone)', name: '', idNo: '', phone: fixture.persons.A.tel }
    ];
    // The fuzzer itself sends this made-up number in paths; the request log keeps paths, so it is expected there.
    const sentByTheTest = (value: string) => value === fuzzIdNumber;
    const unmasked = findUnmaskedPii(log).filter(finding => !sentByTheTest(finding.value));
    const findings = [...findKnownPersons(log, people), ...unmasked].map(
      finding => `${finding.kind} ${finding.value}: …${finding.context}…`
    );
    for (const [actor, token] of Object.entries(fixture.token))
      if (token && log.includes(token)) findings.push(`${actor}'s session token`);
    expect(findings).toEqual([]);
  });
});
