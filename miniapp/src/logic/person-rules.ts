/**
 * What linking a person needs, checked on the phone before anything is sent (the server checks again):
 * a valid ID number, a relation allowed for the person's age, and for a child under 14 the guardian's
 * consent, explained in plain words.
 */
import {
  childAgeLimit,
  privacyPolicyVersion,
  relationProblem,
  type ConsentKind,
  type PatientRelation
} from '../../../domain/consent';
import { ageAt, parseIdNumber } from '../../../domain/id-number';

export interface LinkFormInput {
  name: string;
  idNo: string;
  relation: PatientRelation | undefined;
}

export type LinkFormProblems = Partial<Record<'name' | 'idNo' | 'relation', string>>;

export function linkFormProblems(input: LinkFormInput, today: string): LinkFormProblems {
  const problems: LinkFormProblems = {};
  if (!input.name.trim()) problems.name = '请填写姓名';
  else if (!/^[\u4e00-\u9fa5·]{2,20}$/.test(input.name.trim())) problems.name = '请填写身份证上的中文姓名';
  const info = parseIdNumber(input.idNo);
  if (!input.idNo.trim()) problems.idNo = '请填写身份证号';
  else if (!info) problems.idNo = '身份证号不正确，请核对（18位，最后一位可能是X）';
  if (!input.relation) problems.relation = '请选择与您的关系';
  else if (info) {
    const problem = relationProblem(input.relation, info.birthDate, today);
    if (problem) problems.relation = problem;
  }
  return problems;
}

/** The plain-words notes shown while the form is filled in, for the ID number typed so far. */
export function linkNotes(idNo: string, today: string): string[] {
  const notes = ['添加时会通过江西省医保平台核对姓名和身份证号，请按身份证填写。'];
  const info = parseIdNumber(idNo);
  if (info && ageAt(info.birthDate, today) < childAgeLimit) {
    notes.push(
      `这是不满${childAgeLimit}周岁的孩子。添加后，需要您以监护人身份同意医院处理孩子的个人信息和健康信息，才能为孩子申请。`,
      '您需要先把自己以“本人”添加进来，医院才能核实您是监护人。'
    );
  }
  return notes;
}

/** The consents a linked person still lacks before an application may be submitted for them. */
export function missingConsents(person: {
  consentsRequired: ConsentKind[];
  consents: { kind: ConsentKind; policyVersion: string }[];
}): ConsentKind[] {
  return person.consentsRequired.filter(
    kind => !person.consents.some(consent => consent.kind === kind && consent.policyVersion === privacyPolicyVersion)
  );
}
