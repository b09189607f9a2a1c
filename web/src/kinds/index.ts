/**
 * The console's side of each application kind: its menu icon and the component that shows the kind's own
 * fields of an application (the detail page and the review workspace show the shared ones). Names, paths,
 * labels and rules come from the kind's definition (domain/application-kinds/); a kind added there gets
 * its list, detail and review screens by one entry here.
 */
import { defineAsyncComponent, type Component } from 'vue';
import { DocumentTextOutline, MedkitOutline } from '@vicons/ionicons5';
import type { SelectOption } from 'naive-ui';
import { chronicKind } from '@domain/application-kinds/chronic';
import { dualChannelKind } from '@domain/application-kinds/dual-channel';
import type { ApplicationKindDefinition } from '@domain/application-kinds/kind-definition';
import { applicationKindDefinition, applicationKindDefinitions } from '@domain/application-kinds/registry';
import { fetchDiseases, fetchDualChannelInstitutions, fetchInstitutions, fetchSpecialDrugs } from '@/api/catalogues';

// Loaded with the pages that show them, not with the sign-in page.
const ChronicFields = defineAsyncComponent(() => import('./chronic-fields.vue'));
const DualChannelFields = defineAsyncComponent(() => import('./dual-channel-fields.vue'));

export interface KindView {
  definition: ApplicationKindDefinition;
  icon: Component;
  /** Where space is short (the dashboard's figures, the review queue). */
  shortLabel: string;
  /** Props: `detail`, `revealed`, `canReveal`, `compact`; emits `reveal` with a field name. */
  fields: Component;
  /** The choices of the list's two kind filters (`listColumns`: what for, and where), from the catalogues. */
  listOptions: () => Promise<{ subjects: SelectOption[]; institutions: SelectOption[] }>;
}

const byName = (items: { code: string; name: string }[]) => items.map(item => ({ label: item.name, value: item.code }));

const views = new Map<string, Omit<KindView, 'definition'>>([
  [
    chronicKind.id,
    {
      icon: DocumentTextOutline,
      shortLabel: '慢特病',
      fields: ChronicFields,
      listOptions: async () => {
        const [diseases, institutions] = await Promise.all([fetchDiseases(), fetchInstitutions()]);
        return {
          subjects: diseases.items.map(item => ({ label: `${item.name}（${item.code}）`, value: item.code })),
          institutions: byName(institutions.items)
        };
      }
    }
  ],
  [
    dualChannelKind.id,
    {
      icon: MedkitOutline,
      shortLabel: '双通道',
      fields: DualChannelFields,
      listOptions: async () => {
        const [drugs, institutions] = await Promise.all([fetchSpecialDrugs(), fetchDualChannelInstitutions()]);
        return { subjects: byName(drugs.items), institutions: byName(institutions.items) };
      }
    }
  ]
]);

/** Every registered kind the console has a view for, in the registry's order. */
export function kindViews(): KindView[] {
  return applicationKindDefinitions().flatMap(definition => {
    const view = views.get(definition.id);
    return view ? [{ definition, ...view }] : [];
  });
}

export function kindView(kind: string): KindView | undefined {
  const definition = applicationKindDefinition(kind);
  const view = views.get(kind);
  return definition && view ? { definition, ...view } : undefined;
}

/** 门诊慢特病, 双通道特药 …; an unknown kind is shown as its identifier. */
export { applicationKindLabel } from '@domain/application-kinds/registry';
