/**
 * A patient account's persons: the holder and linked dependants. Linking needs a valid ID number, the
 * name + ID number verified through 1101 and a declared relation; minors only as the guardian's child.
 * Every query is scoped to the signed-in account in SQL: another account's person answers 404.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { applicationIsOpen } from '../../application-kinds/application-rows';
import type { DatabaseHandle } from '../../db/connection';
import { applications, patientConsents, patients } from '../../db/schema';
import type { SessionUser } from '../../domain/abilities';
import { isChild, isMinor, privacyPolicyVersion, relationProblem } from '../../domain/consent';
import { parseIdNumber } from '../../domain/id-number';
import {
  grantConsentSchema,
  linkPatientSchema,
  linkedPatientSchema,
  patientConsentSchema
} from '../../domain/patients';
import { maskIdNumber, maskName } from '../../domain/masking';
import type { FieldCrypto } from '../../crypto/field-encryption';
import type { ApiModule } from '../app';
import { appendAudit, auditOf, type AuditAction } from '../audit/audit-log';
import { Throttle, authLimits } from '../auth/throttle';
import { ApiError, conflict, notFound, tooManyRequests, unauthorized, unavailable } from '../errors';
import type { ApiRoutes } from '../route';
import { today } from './consent';
import type { PersonVerifier } from './person-verifier';

export type { PersonVerifier } from './person-verifier';

export interface PatientsDependencies {
  database: DatabaseHandle;
  fieldCrypto: FieldCrypto;
  personVerifier: PersonVerifier;
  /** PATIENT_MAX_DEPENDANTS. */
  maxDependants: number;
  now?: () => Date;
}

type PatientRow = typeof patients.$inferSelect;
type ConsentRow = typeof patientConsents.$inferSelect;

const idParams = z.object({ id: z.uuid() });

const unverified = () => new ApiError(422, 'PERSON_NOT_VERIFIED', '姓名与身份证号核验未通过，请核对后重试');

export function createPatientsModule(deps: PatientsDependencies): ApiModule {
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());
  const throttle = new Throttle(db);

  const view = (patient: PatientRow, consents: ConsentRow[], on: string): z.infer<typeof linkedPatientSchema> => ({
    id: patient.id,
    relation: patient.relation,
    name: patient.nameMasked,
    idNo: patient.idNoMasked,
    sex: patient.sex,
    minor: isMinor(patient.birthDate, on),
    consentsRequired: isChild(patient.birthDate, on) ? ['guardian', 'health_data'] : [],
    consents: consents
      .filter(consent => consent.patientId === patient.id && !consent.withdrawnAt)
      .map(consent => ({
        id: consent.id,
        kind: consent.kind,
        policyVersion: consent.policyVersion,
        grantedAt: consent.grantedAt.toISOString()
      }))
  });

  const ownPatient = async (user: SessionUser, id: string): Promise<PatientRow> => {
    const [patient] = await db
      .select()
      .from(patients)
      .where(and(eq(patients.id, id), eq(patients.accountId, user.accountId), isNull(patients.unlinkedAt)));
    if (!patient) throw notFound();
    return patient;
  };

  const consentsOf = (patientId: string) =>
    db
      .select()
      .from(patientConsents)
      .where(and(eq(patientConsents.patientId, patientId), isNull(patientConsents.withdrawnAt)));

  const audit = (
    user: SessionUser,
    ip: string | undefined,
    action: AuditAction,
    patientId: string,
    detail: Record<string, unknown>
  ) => appendAudit(db, auditOf(user, { ip }, action, { type: 'patient', id: patientId }, 'success', detail), now());

  const signedInUser = (user: SessionUser | undefined): SessionUser => {
    if (!user) throw unauthorized();
    return user;
  };

  const register = (routes: ApiRoutes): void => {
    routes.route({
      method: 'post',
      path: '/api/me/patients',
      summary: '绑定就诊人（本人或家属），经医保 1101 实名核验',
      tags: ['就诊人'],
      access: { signedIn: 'patient', action: 'create', subject: 'Patient' },
      body: linkPatientSchema,
      successStatus: 201,
      response: linkedPatientSchema,
      errors: {
        409: '已绑定本人',
        422: '身份证号无效、关系不符、核验未通过或家属数已达上限',
        429: '核验失败次数过多',
        503: '医保实名核验暂不可用'
      },
      handler: async ({ body, user: maybeUser, request }) => {
        const user = signedInUser(maybeUser);
        const at = now();
        const on = today(at);
        const accountKey = `account:${user.accountId}`;
        if (
          (await throttle.count('link_failure', accountKey, new Date(at.getTime() - 86_400_000))) >=
          authLimits.linkFailuresPerDay
        ) {
          throw tooManyRequests('核验失败次数过多，请明天再试');
        }
        const info = parseIdNumber(body.idNo);
        if (!info) throw new ApiError(422, 'INVALID_ID_NUMBER', '身份证号码不正确');
        const problem = relationProblem(body.relation, info.birthDate, on);
        if (problem) throw new ApiError(422, 'RELATION_NOT_ALLOWED', problem);

        const idNoBlind = deps.fieldCrypto.blindIndex('id-number', info.idNumber);
        const linked = await db.select().from(patients).where(eq(patients.accountId, user.accountId));
        const existing = linked.find(patient => patient.idNoBlind === idNoBlind);
        // A person unlinked earlier counts as new: linking again passes the same limits.
        if (!existing || existing.unlinkedAt) {
          const active = linked.filter(patient => !patient.unlinkedAt);
          if (body.relation === 'self' && active.some(patient => patient.relation === 'self')) {
            throw conflict('本账号已绑定本人信息', 'SELF_ALREADY_LINKED');
          }
          const dependants = active.filter(patient => patient.relation !== 'self').length;
          if (body.relation !== 'self' && dependants >= deps.maxDependants) {
            throw new ApiError(422, 'TOO_MANY_DEPENDANTS', `每个账号最多绑定 ${deps.maxDependants} 位家属`);
          }
        }

        // Verified even when already linked here, so a repeated call cannot confirm a name without 1101.
        const verification = await deps.personVerifier.verify({ name: body.name, idNo: info.idNumber }).catch(() => {
          throw unavailable('医保实名核验服务暂不可用，请稍后再试');
        });
        if (!verification.ok) {
          await throttle.record('link_failure', [accountKey], at);
          throw unverified();
        }
        if (existing && !existing.unlinkedAt) {
          return { status: 201, body: view(existing, await consentsOf(existing.id), on) };
        }
        if (existing) {
          const [relinked] = await db
            .update(patients)
            .set({ unlinkedAt: null, relation: body.relation, insuredPersonNo: verification.insuredPersonNo })
            .where(eq(patients.id, existing.id))
            .returning();
          if (!relinked) throw new Error('patient was not relinked');
          await audit(user, request.ip, 'patient_link', relinked.id, {
            relation: body.relation,
            minor: isMinor(info.birthDate, on),
            relinked: true
          });
          return { status: 201, body: view(relinked, [], on) };
        }

        const [created] = await db
          .insert(patients)
          .values({
            accountId: user.accountId,
            relation: body.relation,
            nameEnc: deps.fieldCrypto.encrypt(body.name),
            nameMasked: maskName(body.name),
            nameBlind: deps.fieldCrypto.blindIndex('name', body.name),
            idNoEnc: deps.fieldCrypto.encrypt(info.idNumber),
            idNoBlind,
            idNoMasked: maskIdNumber(info.idNumber),
            birthDate: info.birthDate,
            sex: info.sex,
            insuredPersonNo: verification.insuredPersonNo
          })
          .returning();
        if (!created) throw new Error('patient was not created');
        await audit(user, request.ip, 'patient_link', created.id, {
          relation: body.relation,
          minor: isMinor(info.birthDate, on)
        });
        return { status: 201, body: view(created, [], on) };
      }
    });

    routes.route({
      method: 'get',
      path: '/api/me/patients',
      summary: '本账号绑定的就诊人（脱敏）',
      tags: ['就诊人'],
      access: { signedIn: 'patient', action: 'read', subject: 'Patient' },
      response: z.object({ items: z.array(linkedPatientSchema) }),
      handler: async ({ user: maybeUser }) => {
        const user = signedInUser(maybeUser);
        const on = today(now());
        const rows = await db
          .select()
          .from(patients)
          .where(and(eq(patients.accountId, user.accountId), isNull(patients.unlinkedAt)))
          .orderBy(patients.createdAt);
        const consents = rows.length
          ? await db
              .select()
              .from(patientConsents)
              .innerJoin(patients, eq(patients.id, patientConsents.patientId))
              .where(and(eq(patients.accountId, user.accountId), isNull(patientConsents.withdrawnAt)))
          : [];
        const flat = consents.map(row => row.patient_consents);
        return { body: { items: rows.map(row => view(row, flat, on)) } };
      }
    });

    routes.route({
      method: 'get',
      path: '/api/me/patients/:id',
      summary: '一位就诊人（脱敏）',
      tags: ['就诊人'],
      access: { signedIn: 'patient', action: 'read', subject: 'Patient' },
      params: idParams,
      response: linkedPatientSchema,
      errors: { 404: '记录不存在' },
      handler: async ({ params, user }) => {
        const patient = await ownPatient(signedInUser(user), params.id);
        return { body: view(patient, await consentsOf(patient.id), today(now())) };
      }
    });

    routes.route({
      method: 'delete',
      path: '/api/me/patients/:id',
      summary: '解除绑定就诊人（其同意随之撤回；已有申请仍可查看，办理中的申请需先撤回或办结）',
      tags: ['就诊人'],
      access: { signedIn: 'patient', action: 'create', subject: 'Patient' },
      params: idParams,
      successStatus: 204,
      errors: { 404: '记录不存在', 409: '该就诊人有正在办理的申请' },
      handler: async ({ params, user: maybeUser, request }) => {
        const user = signedInUser(maybeUser);
        const patient = await ownPatient(user, params.id);
        const at = now();
        await db.transaction(async tx => {
          const [open] = await tx
            .select({ id: applications.id })
            .from(applications)
            .where(and(eq(applications.patientId, patient.id), applicationIsOpen))
            .limit(1);
          if (open) throw conflict('该就诊人有正在办理的申请，请先撤回或等办结后再解除绑定', 'APPLICATION_IN_PROGRESS');
          await tx.update(patients).set({ unlinkedAt: at }).where(eq(patients.id, patient.id));
          // Unlinking ends the consents: processing the person's data for new applications stops (PIPL Art. 15).
          await tx
            .update(patientConsents)
            .set({ withdrawnAt: at })
            .where(and(eq(patientConsents.patientId, patient.id), isNull(patientConsents.withdrawnAt)));
        });
        await audit(user, request.ip, 'patient_unlink', patient.id, { relation: patient.relation });
        return { status: 204, body: undefined };
      }
    });

    routes.route({
      method: 'post',
      path: '/api/me/patients/:id/consents',
      summary: '监护人同意或健康信息单独同意（记录政策版本、时间、监护人）',
      tags: ['就诊人'],
      access: { signedIn: 'patient', action: 'create', subject: 'Patient' },
      params: idParams,
      body: grantConsentSchema,
      successStatus: 201,
      response: patientConsentSchema,
      errors: { 404: '记录不存在', 422: '政策版本已更新、无需监护人同意或监护人未实名' },
      handler: async ({ params, body, user: maybeUser, request }) => {
        const user = signedInUser(maybeUser);
        const at = now();
        const on = today(at);
        const patient = await ownPatient(user, params.id);
        if (body.policyVersion !== privacyPolicyVersion) {
          throw new ApiError(422, 'POLICY_OUTDATED', '隐私政策已更新，请阅读最新版本后再同意', {
            privacyPolicyVersion
          });
        }
        let guardianPatientId: string | null = null;
        if (body.kind === 'guardian') {
          if (!isMinor(patient.birthDate, on)) throw new ApiError(422, 'NOT_A_MINOR', '成年人无需监护人同意');
          // The guardian must be a verified adult: their own person record on this account.
          const [self] = await db
            .select()
            .from(patients)
            .where(and(eq(patients.accountId, user.accountId), eq(patients.relation, 'self')));
          if (!self || isMinor(self.birthDate, on)) {
            throw new ApiError(422, 'GUARDIAN_NOT_VERIFIED', '请先以“本人”关系绑定并核验监护人（成年人）身份');
          }
          guardianPatientId = self.id;
        }
        const current = (await consentsOf(patient.id)).find(
          consent => consent.kind === body.kind && consent.policyVersion === body.policyVersion
        );
        const consent =
          current ??
          (
            await db
              .insert(patientConsents)
              .values({
                patientId: patient.id,
                kind: body.kind,
                policyVersion: body.policyVersion,
                guardianAccountId: user.accountId,
                guardianPatientId,
                grantedAt: at
              })
              .returning()
          )[0];
        if (!consent) throw new Error('consent was not recorded');
        if (!current)
          await audit(user, request.ip, 'consent', patient.id, { kind: body.kind, policyVersion: body.policyVersion });
        return {
          status: 201,
          body: {
            id: consent.id,
            kind: consent.kind,
            policyVersion: consent.policyVersion,
            grantedAt: consent.grantedAt.toISOString()
          }
        };
      }
    });

    routes.route({
      method: 'delete',
      path: '/api/me/patients/:id/consents/:consentId',
      summary: '撤回同意（之后提交申请需重新同意）',
      tags: ['就诊人'],
      access: { signedIn: 'patient', action: 'create', subject: 'Patient' },
      params: z.object({ id: z.uuid(), consentId: z.uuid() }),
      successStatus: 204,
      errors: { 404: '记录不存在' },
      handler: async ({ params, user: maybeUser, request }) => {
        const user = signedInUser(maybeUser);
        const patient = await ownPatient(user, params.id);
        const [withdrawn] = await db
          .update(patientConsents)
          .set({ withdrawnAt: now() })
          .where(
            and(
              eq(patientConsents.id, params.consentId),
              eq(patientConsents.patientId, patient.id),
              isNull(patientConsents.withdrawnAt)
            )
          )
          .returning({ kind: patientConsents.kind });
        if (!withdrawn) throw notFound();
        await audit(user, request.ip, 'consent_withdrawn', patient.id, { kind: withdrawn.kind });
        return { status: 204, body: undefined };
      }
    });
  };

  return { register };
}
