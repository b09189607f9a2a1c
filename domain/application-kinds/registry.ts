import { chronicKind } from './chronic';
import { dualChannelKind } from './dual-channel';
import type { ApplicationKindDefinition } from './kind-definition';

/**
 * The pure definitions of the registered application kinds. The two built-in kinds are registered here;
 * a kind added later registers its server definition (application-kinds/registry.ts), which registers
 * this part too, so the API, the abilities and the console see the same list.
 */
const definitions = new Map<string, ApplicationKindDefinition>([
  [chronicKind.id, chronicKind],
  [dualChannelKind.id, dualChannelKind]
]);

export function registerApplicationKindDefinition(definition: ApplicationKindDefinition): void {
  const known = definitions.get(definition.id);
  if (known && known !== definition) throw new Error(`application kind ${definition.id} is already registered`);
  definitions.set(definition.id, definition);
}

export function applicationKindDefinitions(): ApplicationKindDefinition[] {
  return [...definitions.values()];
}

export function applicationKindDefinition(id: string): ApplicationKindDefinition | undefined {
  return definitions.get(id);
}

/** 门诊慢特病, 双通道特药 …; an unknown kind is shown as its identifier. */
export function applicationKindLabel(id: string): string {
  return definitions.get(id)?.label ?? id;
}

/** The kind whose segment this is in the fronts' page paths (`/applications/dual-channel`), if any. */
export function applicationKindOfPage(segment: string): ApplicationKindDefinition | undefined {
  return [...definitions.values()].find(definition => definition.pageSegment === segment);
}
