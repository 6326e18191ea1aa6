import { Button, PasswordInput, Stack } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../api.js';
import { useI18n } from '../i18n/index.js';

/**
 * An administrator sets their own password: the current one, the new one twice. Used on Settings and
 * as the only page of a session whose password someone else chose.
 */
export function PasswordForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (next !== repeat) {
      setErrors({ repeat: t('password.mismatch') });
      return;
    }
    setBusy(true);
    try {
      await api.post('/api/auth/password', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setRepeat('');
      setErrors({});
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.issues.length) setErrors(Object.fromEntries(e.issues.map((i) => [i.path, i.message])));
      else setErrors({ currentPassword: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="sm" maw={360}>
        <PasswordInput id="password-current" label={t('password.current')} autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.currentTarget.value)} error={errors.currentPassword} />
        <PasswordInput id="password-new" label={t('password.new')} description={t('user.passwordHint')} autoComplete="new-password" required value={next} onChange={(e) => setNext(e.currentTarget.value)} error={errors.newPassword} />
        <PasswordInput id="password-repeat" label={t('password.repeat')} autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} error={errors.repeat} />
        <Button type="submit" loading={busy} w="fit-content">{t('password.change')}</Button>
      </Stack>
    </form>
  );
}
