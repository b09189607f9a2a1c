import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue';

/** Input that counts as the person being at the screen. */
const activityEvents = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'mousemove'] as const;

/**
 * Signs out after `limitMs` without input (等保: session ends after inactivity), warning `warnMs` before.
 * Background refreshes do not count as activity: only the person does.
 */
export function useIdleSignOut(
  limitMs: Ref<number>,
  handlers: { onWarn: (secondsLeft: number) => void; onActive: () => void; onExpire: () => void },
  warnMs = 60_000
) {
  const lastActivity = ref(Date.now());
  let warned = false;
  let timer: ReturnType<typeof setInterval> | undefined;

  const touch = () => {
    lastActivity.value = Date.now();
    if (warned) {
      warned = false;
      handlers.onActive();
    }
  };

  const check = () => {
    const idle = Date.now() - lastActivity.value;
    if (idle >= limitMs.value) {
      clearInterval(timer);
      handlers.onExpire();
    } else if (idle >= limitMs.value - warnMs) {
      warned = true;
      handlers.onWarn(Math.ceil((limitMs.value - idle) / 1000));
    }
  };

  onMounted(() => {
    for (const event of activityEvents) window.addEventListener(event, touch, { passive: true });
    timer = setInterval(check, 1000);
  });
  onBeforeUnmount(() => {
    for (const event of activityEvents) window.removeEventListener(event, touch);
    clearInterval(timer);
  });
  return { touch, lastActivity };
}
