import { AbilityBuilder, createMongoAbility, type MongoAbility } from '@casl/ability';
import { z } from 'zod';
import { applicationKindDefinitions } from './application-kinds/registry';

/**
 * Who may do what, defined once and used by the API (which also turns the same conditions into SQL) and
 * by the console (menus, buttons). System, audit and security duties are separate roles (三权分立).
 */
export const staffRoles = ['admin', 'doctor', 'auditor', 'secadmin'] as const;
export const roles = ['patient', ...staffRoles] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const roleLabels: Record<Role, string> = {
  patient: '患者',
  admin: '系统管理员',
  doctor: '医生',
  auditor: '审计管理员',
  secadmin: '安全管理员'
};

export type AbilityAction =
  | 'read'
  | 'create'
  | 'update'
  | 'delete'
  | 'review'
  | 'withdraw'
  | 'revoke'
  | 'retryFiling'
  | 'syncStatus'
  | 'reveal'
  | 'export'
  | 'verify'
  | 'manage';

export type AbilitySubject =
  | 'Application'
  | 'Patient'
  | 'Disease'
  | 'Institution'
  | 'SpecialDrug'
  | 'DualChannelInstitution'
  | 'DoctorPermission'
  | 'Doctor'
  | 'InterfaceLog'
  | 'AuditLog'
  | 'Statistics'
  | 'UserAccount'
  | 'MinorAccessGrant'
  | 'WorkflowHistory'
  | 'YibaoSignIn'
  | 'Dashboard'
  | 'all';

/** Subjects are a type name, or a row tagged with its type by CASL's `subject()`. */
export type AppAbility = MongoAbility<[AbilityAction, AbilitySubject | object]>;

/** The signed-in user as the API knows it; nothing personal beyond what authorization needs. */
export interface SessionUser {
  accountId: string;
  kind: 'staff' | 'patient';
  roles: Role[];
  displayName: string;
  staffNo?: string | undefined;
  department?: string | undefined;
  /** Granted by an admin: may review dual-channel applications. */
  dualChannelReviewer: boolean;
}

export function defineAbilityFor(user: SessionUser | undefined): AppAbility {
  const { can, cannot, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
  // Catalogues are public reference data the patient picks from.
  can('read', ['Disease', 'Institution', 'SpecialDrug', 'DualChannelInstitution']);
  if (!user) return build();

  for (const role of user.roles) {
    switch (role) {
      case 'patient':
        can('read', 'Patient', { accountId: user.accountId });
        can('create', 'Patient');
        can(['read', 'withdraw', 'revoke'], 'Application', { applicantAccountId: user.accountId });
        can('create', 'Application');
        break;
      case 'doctor':
        can('read', 'Doctor');
        can('read', 'Application', { department: user.department });
        can('read', 'Application', { reviewerAccountId: user.accountId });
        can('reveal', 'Application', { department: user.department });
        // Each kind says who reviews it (domain/application-kinds): its department's doctors, or doctors
        // holding the dual-channel grant, who also read every application of such a kind.
        for (const kind of applicationKindDefinitions()) {
          if (kind.review.by === 'department') {
            can('review', 'Application', { kind: kind.id, department: user.department });
          } else if (user.dualChannelReviewer) {
            can(['read', 'review'], 'Application', { kind: kind.id });
          }
        }
        break;
      case 'admin':
        can(['read', 'retryFiling', 'syncStatus', 'revoke', 'reveal', 'export'], 'Application');
        can('read', 'Dashboard');
        can('read', ['WorkflowHistory', 'InterfaceLog']);
        can('manage', [
          'Disease',
          'Institution',
          'SpecialDrug',
          'DualChannelInstitution',
          'DoctorPermission',
          'YibaoSignIn'
        ]);
        can('read', ['Doctor', 'Statistics']);
        can('export', 'Statistics');
        break;
      case 'auditor':
        can(['read', 'verify', 'export'], ['AuditLog', 'InterfaceLog']);
        // The yearly minors' data report (未成年人网络保护条例 Art. 37) is an audit duty.
        can('export', 'MinorAccessGrant');
        can('read', 'Statistics');
        break;
      case 'secadmin':
        can('manage', ['UserAccount', 'MinorAccessGrant']);
        can('read', 'AuditLog');
        break;
    }
  }
  // Auditors only read: even a combined role never lets the audit trail be changed.
  cannot(['update', 'delete', 'create'], 'AuditLog');
  return build();
}
