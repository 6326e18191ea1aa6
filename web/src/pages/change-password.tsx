import { Button, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { api } from '../api.js';
import { Logo } from '../components/logo.js';
import { PasswordForm } from '../components/password-form.js';
import { useI18n } from '../i18n/index.js';

/**
 * The only page of a session whose password someone else chose (printed at first start, or set by
 * another administrator): the daemon answers every other request with 403 until it is changed.
 */
export function ChangePasswordPage({ username, onDone, onLogout }: { username: string; onDone: () => void; onLogout: () => void }) {
  const { t } = useI18n();
  const logout = async () => {
    await api.post('/api/auth/logout').catch(() => {});
    onLogout();
  };
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)">
      <Stack w="100%" maw={420} gap="lg">
        <Group justify="space-between">
          <Logo />
          <Button variant="subtle" size="xs" color="gray" onClick={() => void logout()}>{t('nav.logout')}</Button>
        </Group>
        <Paper withBorder radius="md" p="xl" shadow="sm" data-testid="password-change-required">
          <Stack gap="md">
            <div>
              <Title order={1} fz={22}>{t('password.forcedTitle')}</Title>
              <Text c="dimmed" size="sm">{t('password.forcedHint', { name: username })}</Text>
            </div>
            <PasswordForm onDone={onDone} />
          </Stack>
        </Paper>
      </Stack>
    </Center>
  );
}
