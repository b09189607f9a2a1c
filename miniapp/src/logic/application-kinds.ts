/**
 * The application kinds this app has pages for, with their paths and labels from the shared kind
 * definitions (domain/application-kinds/), so the app and the server cannot disagree on them.
 */
import { chronicKind } from '../../../domain/application-kinds/chronic';
import { dualChannelKind } from '../../../domain/application-kinds/dual-channel';

export const applicationKinds = { chronic: chronicKind, dual_channel: dualChannelKind } as const;
export type ApplicationKind = keyof typeof applicationKinds;

export function isApplicationKind(value: unknown): value is ApplicationKind {
  return typeof value === 'string' && Object.hasOwn(applicationKinds, value);
}

/** 门诊慢特病, 双通道特药; a kind this app does not know is shown as its identifier. */
export function applicationKindLabel(kind: string): string {
  return isApplicationKind(kind) ? applicationKinds[kind].label : kind;
}
