import { registerApplicationKindDefinition } from '../domain/application-kinds/registry';
import { chronicApplicationKind } from './chronic';
import { dualChannelApplicationKind } from './dual-channel';
import type { ApplicationKindModule } from './kind-module';

/**
 * Every application kind the system handles. Adding a kind is writing its module (its pure definition in
 * domain/application-kinds/ and its server side here) and registering it: the API then serves its routes,
 * the activities file it and the workflow runs it, with nothing else to change (see the README's layout).
 */
const modules = new Map<string, ApplicationKindModule>();

export function registerApplicationKind(module: ApplicationKindModule): void {
  registerApplicationKindDefinition(module.definition);
  modules.set(module.definition.id, module);
}

registerApplicationKind(chronicApplicationKind);
registerApplicationKind(dualChannelApplicationKind);

export function applicationKindModules(): ApplicationKindModule[] {
  return [...modules.values()];
}

/** The module of a stored kind; an unknown one is a deployment error (a kind removed while in use). */
export function applicationKindModule(kind: string): ApplicationKindModule {
  const module = modules.get(kind);
  if (!module) throw new Error(`unknown application kind ${kind}`);
  return module;
}
