import { onBeforeUnmount, onMounted } from 'vue';
import type { ApplicationChange } from '@domain/live-updates';
import { useLiveUpdates } from '@/stores/live-updates';

/**
 * Refreshes a screen when an application it shows changes (live events), after the stream reconnected,
 * and when the browser tab comes back to the front. Bursts of changes cause one refresh.
 */
export function useLiveRefresh(
  relevant: (change: ApplicationChange) => boolean,
  refresh: () => void,
  delayMs = 400
): void {
  const live = useLiveUpdates();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, delayMs);
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') schedule();
  };
  const stops: (() => void)[] = [];
  onMounted(() => {
    stops.push(live.onChange(change => relevant(change) && schedule()));
    stops.push(live.onResync(schedule));
    document.addEventListener('visibilitychange', onVisible);
  });
  onBeforeUnmount(() => {
    clearTimeout(timer);
    for (const stop of stops) stop();
    document.removeEventListener('visibilitychange', onVisible);
  });
}
