import { Alert, CloseButton, Stack } from '@mantine/core';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, NetworkError } from '../api.js';
import { useI18n } from '../i18n/index.js';

type Kind = 'success' | 'error' | 'info';
interface Toast {
  id: number;
  kind: Kind;
  message: string;
}

interface Toaster {
  notify: (kind: Kind, message: string) => void;
  /** Shows an error from any request in words an administrator can act on. */
  fail: (e: unknown) => void;
}

const ToastContext = createContext<Toaster>({ notify: () => {}, fail: () => {} });
const COLORS: Record<Kind, string> = { success: 'teal', error: 'red', info: 'blue' };
const TOAST_MS = 6000;

export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((x) => x.id !== id)), []);
  const notify = useCallback(
    (kind: Kind, message: string) => {
      const id = nextId.current++;
      setToasts((list) => [...list.slice(-3), { id, kind, message }]);
      setTimeout(() => dismiss(id), TOAST_MS);
    },
    [dismiss],
  );
  const fail = useCallback(
    (e: unknown) => {
      if (e instanceof NetworkError) notify('error', t('error.network'));
      else if (e instanceof ApiError) notify('error', e.code === 'csrf' ? t('error.csrf') : e.message || e.code);
      else notify('error', e instanceof Error ? e.message : String(e));
    },
    [notify, t],
  );
  const value = useMemo(() => ({ notify, fail }), [notify, fail]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <Stack
        gap="xs"
        aria-live="polite"
        role="status"
        style={{ position: 'fixed', right: 16, bottom: 16, zIndex: 1000, width: 'min(380px, calc(100vw - 32px))' }}
      >
        {toasts.map((toast) => (
          <Alert
            key={toast.id}
            color={COLORS[toast.kind]}
            variant="filled"
            withCloseButton={false}
            data-testid={`toast-${toast.kind}`}
            style={{ boxShadow: 'var(--mantine-shadow-md)' }}
          >
            <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
              <div style={{ flex: 1, whiteSpace: 'pre-wrap' }}>{toast.message}</div>
              <CloseButton size="sm" variant="transparent" c="white" aria-label={t('action.close')} onClick={() => dismiss(toast.id)} />
            </div>
          </Alert>
        ))}
      </Stack>
    </ToastContext.Provider>
  );
}

export const useToast = (): Toaster => useContext(ToastContext);
