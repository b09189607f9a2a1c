import { useDialog, useMessage } from 'naive-ui';
import { ref } from 'vue';
import { errorMessage } from './use-async';

/**
 * Runs a user's action with a busy flag and tells the outcome in Chinese: a success toast, or the API's
 * message in an error toast (never a stack or a status line).
 */
export function useAction() {
  const message = useMessage();
  const busy = ref(false);

  async function run<T>(action: () => Promise<T>, success?: string | ((result: T) => string)): Promise<T | undefined> {
    if (busy.value) return undefined;
    busy.value = true;
    try {
      const result = await action();
      if (success) message.success(typeof success === 'function' ? success(result) : success);
      return result;
    } catch (error) {
      message.error(errorMessage(error), { duration: 6000, closable: true });
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { busy, run };
}

/** A confirmation before something that cannot be undone; resolves true when the user chose 确定. */
export function useConfirm() {
  const dialog = useDialog();
  return (title: string, content: string, type: 'warning' | 'info' = 'warning') =>
    new Promise<boolean>(resolve => {
      dialog[type]({
        title,
        content,
        positiveText: '确定',
        negativeText: '取消',
        onPositiveClick: () => resolve(true),
        onNegativeClick: () => resolve(false),
        onClose: () => resolve(false),
        onMaskClick: () => resolve(false)
      });
    });
}
