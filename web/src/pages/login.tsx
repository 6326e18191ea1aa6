import { Alert, Button, Center, Group, Paper, PasswordInput, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { api, ApiError, NetworkError } from '../api.js';
import type { Lang, LoginResponse } from '../api-types.js';
import { Logo } from '../components/logo.js';
import { formatClock } from '../format.js';
import { LANGS, useI18n } from '../i18n/index.js';

export function LoginPage({ onLogin }: { onLogin: (r: LoginResponse) => void }) {
  const { t, lang, setLang } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [problem, setProblem] = useState<{ text: string; color: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const totpRef = useRef<HTMLInputElement>(null);

  const submit = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const r = await api.post<LoginResponse>('/api/auth/login', { username, password, ...(needTotp ? { totp } : {}) });
      onLogin(r);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'totp-required') {
        setNeedTotp(true);
        setProblem(needTotp ? { text: t('login.totpWrong'), color: 'red' } : { text: t('login.totpNeeded'), color: 'blue' });
        setTimeout(() => totpRef.current?.focus(), 0);
      } else if (e instanceof ApiError && e.code === 'locked') {
        setProblem({ text: e.body.until ? t('login.lockedUntil', { time: formatClock(e.body.until) }) : t('login.locked'), color: 'red' });
      } else if (e instanceof ApiError && e.code === 'invalid-credentials') {
        const remaining = e.body.remaining;
        setProblem({
          text: typeof remaining === 'number' ? t('login.invalidRemaining', { remaining }) : t('login.invalid'),
          color: 'red',
        });
      } else if (e instanceof ApiError && e.status === 429) {
        setProblem({ text: t('login.rateLimited'), color: 'red' });
      } else if (e instanceof NetworkError) {
        setProblem({ text: t('error.network'), color: 'red' });
      } else {
        setProblem({ text: e instanceof Error ? e.message : String(e), color: 'red' });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)">
      <Stack w="100%" maw={400} gap="lg">
        <Group justify="space-between">
          <Logo />
          <SegmentedControl
            size="xs"
            aria-label={t('nav.language')}
            data={LANGS}
            value={lang}
            onChange={(v) => setLang(v as Lang)}
          />
        </Group>
        <Paper withBorder radius="md" p="xl" shadow="sm">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <Stack gap="md">
              <div>
                <Title order={1} fz={22}>
                  {t('login.title')}
                </Title>
                <Text c="dimmed" size="sm">
                  {t('login.subtitle')}
                </Text>
              </div>
              <div aria-live="assertive">
                {problem && (
                  <Alert color={problem.color} variant="light" data-testid="login-problem">
                    {problem.text}
                  </Alert>
                )}
              </div>
              <TextInput
                id="login-username"
                label={t('login.username')}
                autoComplete="username"
                required
                value={username}
                onChange={(e) => setUsername(e.currentTarget.value)}
                autoFocus
              />
              <PasswordInput
                id="login-password"
                label={t('login.password')}
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
              {needTotp && (
                <TextInput
                  id="login-totp"
                  ref={totpRef}
                  label={t('login.totp')}
                  description={t('login.totpHint')}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={8}
                  value={totp}
                  onChange={(e) => setTotp(e.currentTarget.value.replace(/\D/g, ''))}
                />
              )}
              <Button type="submit" loading={busy} fullWidth size="md">
                {t('login.submit')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Stack>
    </Center>
  );
}
