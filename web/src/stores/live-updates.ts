import { fetchEventSource } from '@microsoft/fetch-event-source';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ApplicationChange } from '@domain/live-updates';

export type LiveState = 'off' | 'connecting' | 'live' | 'retrying';

/** Errors that end the stream for good (signed out, no permission); anything else is retried. */
class StreamClosed extends Error {}

/**
 * The console's one server-sent event stream (`/api/events/applications`): screens register what to do when
 * an application changes, and what to do after a reconnect (anything may have changed meanwhile).
 */
export const useLiveUpdates = defineStore('live-updates', () => {
  const state = ref<LiveState>('off');
  /** The server's idle limit for staff sessions, from the stream's hello. */
  const idleTimeoutMs = ref(30 * 60_000);
  const changeListeners = new Set<(change: ApplicationChange) => void>();
  const resyncListeners = new Set<() => void>();
  let controller: AbortController | undefined;

  function connect(token: string, onSessionEnded: () => void): void {
    disconnect();
    const current = new AbortController();
    controller = current;
    state.value = 'connecting';
    let opened = false;
    void fetchEventSource('/api/events/applications', {
      headers: { Authorization: `Bearer ${token}` },
      signal: current.signal,
      openWhenHidden: true,
      onopen: async response => {
        if (response.status === 401 || response.status === 403) throw new StreamClosed();
        if (!response.ok || !response.headers.get('content-type')?.startsWith('text/event-stream'))
          throw new Error(`stream refused: ${response.status}`);
        state.value = 'live';
        // After a gap, whatever is on screen may be stale.
        if (opened) for (const listener of resyncListeners) listener();
        opened = true;
        await Promise.resolve();
      },
      onmessage: event => {
        if (event.event === 'hello') {
          const hello = JSON.parse(event.data) as { idleTimeoutMs?: number };
          if (typeof hello.idleTimeoutMs === 'number') idleTimeoutMs.value = hello.idleTimeoutMs;
        } else if (event.event === 'application') {
          const change = JSON.parse(event.data) as ApplicationChange;
          for (const listener of changeListeners) listener(change);
        } else if (event.event === 'session-ended') {
          current.abort();
          state.value = 'off';
          onSessionEnded();
        }
      },
      onclose: () => {
        // The server ended the stream (a restart): reconnect.
        throw new Error('stream closed');
      },
      onerror: error => {
        if (error instanceof StreamClosed || current.signal.aborted) {
          state.value = 'off';
          throw error;
        }
        state.value = 'retrying';
        return 3000;
      }
    }).catch(() => {
      if (controller === current) state.value = 'off';
    });
  }

  function disconnect(): void {
    controller?.abort();
    controller = undefined;
    state.value = 'off';
  }

  function onChange(listener: (change: ApplicationChange) => void): () => void {
    changeListeners.add(listener);
    return () => changeListeners.delete(listener);
  }

  function onResync(listener: () => void): () => void {
    resyncListeners.add(listener);
    return () => resyncListeners.delete(listener);
  }

  return { state, idleTimeoutMs, connect, disconnect, onChange, onResync };
});
