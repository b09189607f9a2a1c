/**
 * Application drafts kept on the phone, per signed-in account, so closing the app loses nothing. What is
 * read back is parsed: a draft from an older version or a damaged one is dropped, not trusted.
 */
import { z } from 'zod';
import {
  createChronicApplicationSchema,
  type CreateChronicApplication
} from '../../../domain/application-kinds/chronic';
import {
  createDualChannelApplicationSchema,
  type CreateDualChannelApplication
} from '../../../domain/application-kinds/dual-channel';
import { platform } from '../platform/platform';

const draftAttachmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  kindLabel: z.string(),
  sizeBytes: z.number(),
  previewUrl: z.string().optional()
});
export type DraftAttachment = z.infer<typeof draftAttachmentSchema>;

const pickedSchema = z.object({ code: z.string(), name: z.string(), detail: z.string().optional() });
export type PickedItem = z.infer<typeof pickedSchema>;

export const chronicDraftSchema = z.object({
  patientId: z.string().optional(),
  disease: pickedSchema.optional(),
  institution: pickedSchema.optional(),
  phone: z.string().default(''),
  address: z.string().default(''),
  beginDate: z.string().optional(),
  attachments: z.array(draftAttachmentSchema).default([])
});
export type ChronicDraft = z.infer<typeof chronicDraftSchema>;

export const agentDraftSchema = z.object({
  name: z.string().default(''),
  documentNo: z.string().default(''),
  phone: z.string().default(''),
  relation: z.string().default(''),
  address: z.string().default('')
});
export type AgentDraft = z.infer<typeof agentDraftSchema>;

export const dualChannelDraftSchema = z.object({
  patientId: z.string().optional(),
  drugs: z.array(pickedSchema).default([]),
  institutions: z.array(pickedSchema).default([]),
  beginDate: z.string().optional(),
  endDate: z.string().optional(),
  diagnosisBasis: z.string().default(''),
  agent: agentDraftSchema.default({ name: '', documentNo: '', phone: '', relation: '', address: '' })
});
export type DualChannelDraft = z.infer<typeof dualChannelDraftSchema>;

export const emptyChronicDraft = (): ChronicDraft => chronicDraftSchema.parse({});
export const emptyDualChannelDraft = (): DualChannelDraft => dualChannelDraftSchema.parse({});

const keys = {
  chronic: (accountId: string) => `draft:chronic:${accountId}`,
  dual: (accountId: string) => `draft:dual:${accountId}`,
  contact: (accountId: string) => `contact:${accountId}`
};

function load<S extends z.ZodType>(key: string, schema: S): z.infer<S> | undefined {
  const text = platform().storageGet(key);
  if (!text) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export const drafts = {
  loadChronic: (accountId: string) => load(keys.chronic(accountId), chronicDraftSchema) ?? emptyChronicDraft(),
  // Picture previews are local URLs of this app run: they are not kept.
  saveChronic: (accountId: string, draft: ChronicDraft) =>
    platform().storageSet(
      keys.chronic(accountId),
      JSON.stringify({ ...draft, attachments: draft.attachments.map(({ previewUrl: _preview, ...kept }) => kept) })
    ),
  clearChronic: (accountId: string) => platform().storageRemove(keys.chronic(accountId)),
  loadDualChannel: (accountId: string) => load(keys.dual(accountId), dualChannelDraftSchema) ?? emptyDualChannelDraft(),
  saveDualChannel: (accountId: string, draft: DualChannelDraft) =>
    platform().storageSet(keys.dual(accountId), JSON.stringify(draft)),
  clearDualChannel: (accountId: string) => platform().storageRemove(keys.dual(accountId))
};

const contactSchema = z.object({ phone: z.string().default(''), address: z.string().default('') });
export type KnownContact = z.infer<typeof contactSchema>;

/** The phone and address this account used last (or signed in with), to fill in the next form. */
export const knownContact = {
  load: (accountId: string): KnownContact => load(keys.contact(accountId), contactSchema) ?? { phone: '', address: '' },
  remember: (accountId: string, contact: Partial<KnownContact>) => {
    const merged = { ...knownContact.load(accountId), ...contact };
    platform().storageSet(keys.contact(accountId), JSON.stringify(merged));
  }
};

export type DraftResult<T> = { ok: true; body: T } | { ok: false; problem: string };

function firstProblem(error: z.ZodError): string {
  return error.issues[0]?.message ?? '请检查填写的内容';
}

/** The request body a complete chronic draft makes, checked with the server's own schema. */
export function chronicApplicationBody(draft: ChronicDraft, today: string): DraftResult<CreateChronicApplication> {
  if (!draft.patientId) return { ok: false, problem: '请选择为谁申请' };
  if (!draft.disease) return { ok: false, problem: '请选择病种' };
  if (!draft.institution) return { ok: false, problem: '请选择鉴定机构' };
  if (!draft.attachments.length) return { ok: false, problem: '请上传诊断证明或出院小结' };
  const parsed = createChronicApplicationSchema.safeParse({
    patientId: draft.patientId,
    diseaseCode: draft.disease.code,
    institutionCode: draft.institution.code,
    phone: draft.phone.trim(),
    address: draft.address.trim(),
    beginDate: draft.beginDate ?? today,
    attachmentIds: draft.attachments.map(attachment => attachment.id)
  });
  return parsed.success ? { ok: true, body: parsed.data } : { ok: false, problem: firstProblem(parsed.error) };
}

/**
 * The request body of a dual-channel draft. Applying for someone else makes the account holder the
 * 代办人 (agent), whose details the bureau's form asks for.
 */
export function dualChannelApplicationBody(
  draft: DualChannelDraft,
  options: { forSomeoneElse: boolean; today: string; defaultEndDate: string }
): DraftResult<CreateDualChannelApplication> {
  if (!draft.patientId) return { ok: false, problem: '请选择为谁申请' };
  if (!draft.drugs.length) return { ok: false, problem: '请选择药品' };
  if (!draft.institutions.length) return { ok: false, problem: '请选择购药的医院或药店' };
  const agent = draft.agent;
  if (options.forSomeoneElse && !agent.relation) return { ok: false, problem: '请选择您（代办人）与申请人的关系' };
  const parsed = createDualChannelApplicationSchema.safeParse({
    patientId: draft.patientId,
    drugCodes: draft.drugs.map(drug => drug.code),
    institutionCodes: draft.institutions.map(institution => institution.code),
    beginDate: draft.beginDate ?? options.today,
    endDate: draft.endDate ?? options.defaultEndDate,
    ...(draft.diagnosisBasis.trim() ? { diagnosisBasis: draft.diagnosisBasis.trim() } : {}),
    ...(options.forSomeoneElse
      ? {
          agent: {
            name: agent.name.trim(),
            documentType: '01',
            documentNo: agent.documentNo.trim().toUpperCase(),
            phone: agent.phone.trim(),
            relation: agent.relation,
            ...(agent.address.trim() ? { address: agent.address.trim() } : {})
          }
        }
      : {})
  });
  return parsed.success ? { ok: true, body: parsed.data } : { ok: false, problem: firstProblem(parsed.error) };
}
