import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { useIdleSignOut } from './use-idle-sign-out';

function idleWatcher(limitMs: number) {
  const events: string[] = [];
  const component = defineComponent({
    setup() {
      useIdleSignOut(ref(limitMs), {
        onWarn: seconds => events.push(`warn ${seconds}`),
        onActive: () => events.push('active'),
        onExpire: () => events.push('expired')
      });
      return () => h('div');
    }
  });
  return { wrapper: mount(component), events };
}

describe('signing out after a person stops using the console', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('warns during the last minute and signs out at the limit', () => {
    const { events, wrapper } = idleWatcher(3 * 60_000);
    vi.advanceTimersByTime(2 * 60_000 + 1_000);
    expect(events.at(-1)).toBe('warn 59');
    vi.advanceTimersByTime(60_000);
    expect(events.at(-1)).toBe('expired');
    wrapper.unmount();
  });

  it('starts counting again when the person types or clicks', () => {
    const { events, wrapper } = idleWatcher(3 * 60_000);
    vi.advanceTimersByTime(2 * 60_000 + 30_000);
    window.dispatchEvent(new KeyboardEvent('keydown'));
    expect(events.at(-1)).toBe('active');
    vi.advanceTimersByTime(2 * 60_000);
    expect(events).not.toContain('expired');
    wrapper.unmount();
  });
});
