/** The application drafts of the signed-in account, saved on every change. */
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import {
  drafts,
  emptyChronicDraft,
  emptyDualChannelDraft,
  knownContact,
  type ChronicDraft,
  type DualChannelDraft
} from '../logic/drafts';
import { useSessionStore } from './session';

export const useDraftStore = defineStore('drafts', () => {
  const session = useSessionStore();
  const chronic = ref<ChronicDraft>(emptyChronicDraft());
  const dualChannel = ref<DualChannelDraft>(emptyDualChannelDraft());
  let loadedFor: string | undefined;

  /** Reads this account's drafts (once per account); a new chronic draft starts with the known contact. */
  function load(): void {
    const accountId = session.user?.accountId;
    if (!accountId || loadedFor === accountId) return;
    loadedFor = accountId;
    chronic.value = drafts.loadChronic(accountId);
    const contact = knownContact.load(accountId);
    if (!chronic.value.phone) chronic.value.phone = contact.phone;
    if (!chronic.value.address) chronic.value.address = contact.address;
    dualChannel.value = drafts.loadDualChannel(accountId);
  }

  watch(
    chronic,
    value => {
      if (loadedFor) drafts.saveChronic(loadedFor, value);
    },
    { deep: true }
  );
  watch(
    dualChannel,
    value => {
      if (loadedFor) drafts.saveDualChannel(loadedFor, value);
    },
    { deep: true }
  );

  /** After a submission: remember the contact for next time and start afresh. */
  function submittedChronic(): void {
    if (!loadedFor) return;
    knownContact.remember(loadedFor, { phone: chronic.value.phone, address: chronic.value.address });
    drafts.clearChronic(loadedFor);
    const next = emptyChronicDraft();
    next.phone = chronic.value.phone;
    next.address = chronic.value.address;
    chronic.value = next;
  }

  function submittedDualChannel(): void {
    if (!loadedFor) return;
    drafts.clearDualChannel(loadedFor);
    dualChannel.value = emptyDualChannelDraft();
  }

  function unload(): void {
    loadedFor = undefined;
    chronic.value = emptyChronicDraft();
    dualChannel.value = emptyDualChannelDraft();
  }

  return { chronic, dualChannel, load, submittedChronic, submittedDualChannel, unload };
});
