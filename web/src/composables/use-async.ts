import { onScopeDispose, ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { ApiRequestError } from '@/api/request';

export interface AsyncState<T> {
  data: ShallowRef<T | undefined>;
  /** The Chinese message of the last failure, shown in place of the content. */
  error: Ref<string | undefined>;
  loading: Ref<boolean>;
  /** Loads again; a quiet reload keeps the current content on screen (live updates). */
  reload: (options?: { quiet?: boolean }) => Promise<void>;
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message;
  return '页面出现问题，请刷新后重试';
}

/**
 * Loading, error and data of one request, with later answers winning over earlier ones: a slow first load
 * never overwrites a newer one the user asked for since.
 */
export function useAsync<T>(
  loader: (signal: AbortSignal) => Promise<T>,
  options: { immediate?: boolean } = {}
): AsyncState<T> {
  const data = shallowRef<T>();
  const error = ref<string>();
  const loading = ref(false);
  let controller: AbortController | undefined;

  async function reload({ quiet = false }: { quiet?: boolean } = {}): Promise<void> {
    controller?.abort();
    const current = new AbortController();
    controller = current;
    if (!quiet) loading.value = true;
    try {
      const value = await loader(current.signal);
      if (controller !== current) return;
      data.value = value;
      error.value = undefined;
    } catch (caught) {
      if (controller !== current || (caught instanceof DOMException && caught.name === 'AbortError')) return;
      // A quiet refresh that fails keeps what is on screen; the next change or focus tries again.
      if (!quiet || data.value === undefined) error.value = errorMessage(caught);
    } finally {
      if (controller === current) loading.value = false;
    }
  }

  onScopeDispose(() => controller?.abort());
  if (options.immediate !== false) void reload();
  return { data, error, loading, reload };
}
