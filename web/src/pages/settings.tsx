import { Alert, Badge, Button, Checkbox, Code, Group, Image, PasswordInput, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError, seg } from '../api.js';
import type { Admin, ApiToken, Lang } from '../api-types.js';
import { ConfirmModal } from '../components/confirm.js';
import { FormModal } from '../components/form-modal.js';
import { Icon } from '../components/icons.js';
import { EmptyState, PageHeader, Section } from '../components/layout.js';
import type { FieldSpec, FormValue } from '../components/resource-form.js';
import { SecretOnce } from '../components/secret-once.js';
import { PasswordForm } from '../components/password-form.js';
import { useToast } from '../components/toasts.js';
import { formatDateTime } from '../format.js';
import { LANGS, useI18n } from '../i18n/index.js';
import { useAdmin } from '../session.js';
import { useList } from '../use-data.js';

const adminFields: FieldSpec[] = [
  { path: 'username', label: 'user.username', kind: 'text', required: true },
  { path: 'password', label: 'user.password', kind: 'password', required: true, hint: 'user.passwordHint' },
];

function Admins() {
  const { t } = useI18n();
  const toast = useToast();
  const { admin } = useAdmin();
  const admins = useList<Pick<Admin, 'username' | 'totpEnabled'>>('/api/admins');
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | undefined>();
  const add = async (v: FormValue) => {
    await api.post('/api/admins', v);
    setAdding(false);
    toast.notify('success', t('toast.created', { name: String(v.username) }));
    admins.reload();
  };
  const remove = async (username: string) => {
    setRemoving(undefined);
    try {
      await api.del(`/api/admins/${seg(username)}`);
      toast.notify('success', t('toast.deleted', { name: username }));
      admins.reload();
    } catch (e) {
      toast.fail(e);
    }
  };
  return (
    <Section title={t('settings.admins')} actions={<Button size="sm" leftSection={<Icon name="plus" size={16} />} onClick={() => setAdding(true)}>{t('settings.addAdmin')}</Button>}>
      <Table verticalSpacing={6}>
        <Table.Tbody>
          {admins.items.map((a) => (
            <Table.Tr key={a.username}>
              <Table.Td fw={500}>{a.username}{a.username === admin.username && <Badge ml="xs" size="sm" variant="light">{t('settings.you')}</Badge>}</Table.Td>
              <Table.Td>{a.totpEnabled ? <Badge color="teal" variant="light">TOTP</Badge> : <Badge color="gray" variant="light">{t('settings.noTotp')}</Badge>}</Table.Td>
              <Table.Td style={{ textAlign: 'right' }}>
                {a.username !== admin.username && <Button size="xs" color="red" variant="subtle" onClick={() => setRemoving(a.username)} data-testid={`delete-admin-${a.username}`}>{t('action.delete')}</Button>}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ConfirmModal opened={removing !== undefined} title={t('action.confirmDelete')} action={t('action.delete')} onConfirm={() => void remove(removing!)} onClose={() => setRemoving(undefined)}>
        {t('settings.confirmDeleteAdmin', { name: removing ?? '' })}
      </ConfirmModal>
      <FormModal opened={adding} title={t('settings.addAdmin')} fields={adminFields} initial={{ username: '', password: '' }} editing={false} onClose={() => setAdding(false)} onSubmit={add} idPrefix="new-admin" />
    </Section>
  );
}

function Totp() {
  const { t } = useI18n();
  const toast = useToast();
  const { admin, setAdmin } = useAdmin();
  const [setup, setSetup] = useState<{ secret: string; qrDataUrl: string } | undefined>();
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [currentCode, setCurrentCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [issues, setIssues] = useState<Record<string, string>>({});
  // with TOTP on, a new secret needs the password and a current code; it counts only once confirmed
  const start = async () => {
    try {
      const proof = admin.totpEnabled ? { password, code: currentCode } : {};
      const r = await api.post<{ secret: string; otpauthUrl: string; qrDataUrl: string }>('/api/auth/totp/setup', proof);
      setSetup({ secret: r.secret, qrDataUrl: r.qrDataUrl });
      setPassword('');
      setCurrentCode('');
      setIssues({});
    } catch (e) {
      if (e instanceof ApiError && e.issues.length) setIssues(Object.fromEntries(e.issues.map((i) => [i.path, i.message])));
      else toast.fail(e);
    }
  };
  const enable = async () => {
    try {
      await api.post('/api/auth/totp/enable', { code });
      setSetup(undefined);
      setCode('');
      setError(undefined);
      setAdmin({ ...admin, totpEnabled: true });
      toast.notify('success', t('settings.totpEnabled'));
    } catch (e) {
      if (e instanceof ApiError) setError(e.message);
      else toast.fail(e);
    }
  };
  const disable = async () => {
    try {
      await api.post('/api/auth/totp/disable', { password });
      setPassword('');
      setIssues({});
      setAdmin({ ...admin, totpEnabled: false });
      toast.notify('success', t('settings.totpDisabled'));
    } catch (e) {
      if (e instanceof ApiError && e.issues.length) setIssues(Object.fromEntries(e.issues.map((i) => [i.path, i.message])));
      else toast.fail(e);
    }
  };
  return (
    <Section title={t('settings.totp')}>
      {setup ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Stack gap="xs" align="flex-start">
            <Image src={setup.qrDataUrl} alt={t('settings.qrAlt')} w={200} h={200} fit="contain" />
            <Text size="xs" c="dimmed">{t('settings.secretText')}</Text>
            <Code style={{ wordBreak: 'break-all' }}>{setup.secret}</Code>
          </Stack>
          <Stack gap="sm">
            <Text size="sm">{t('settings.scanQr')}</Text>
            <TextInput id="totp-code" label={t('login.totp')} inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))} error={error} maxLength={8} />
            <Group gap="xs">
              <Button onClick={() => void enable()}>{t('settings.enableTotp')}</Button>
              <Button variant="default" onClick={() => setSetup(undefined)}>{t('action.cancel')}</Button>
            </Group>
          </Stack>
        </SimpleGrid>
      ) : admin.totpEnabled ? (
        <Stack gap="sm" maw={360}>
          <Badge color="teal" variant="light">{t('settings.totpOn')}</Badge>
          <PasswordInput id="totp-disable-password" label={t('settings.confirmPassword')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={issues.password} />
          <Button color="red" variant="light" onClick={() => void disable()} w="fit-content">{t('settings.disableTotp')}</Button>
          <Text size="sm" c="dimmed">{t('settings.replaceTotpHint')}</Text>
          <TextInput id="totp-current-code" label={t('login.totp')} inputMode="numeric" autoComplete="one-time-code" value={currentCode} onChange={(e) => setCurrentCode(e.currentTarget.value.replace(/\D/g, ''))} error={issues.code} maxLength={8} />
          <Button variant="light" onClick={() => void start()} w="fit-content">{t('settings.replaceTotp')}</Button>
        </Stack>
      ) : (
        <Stack gap="sm" align="flex-start">
          <Text size="sm" c="dimmed">{t('settings.totpHint')}</Text>
          <Button onClick={() => void start()}>{t('settings.setupTotp')}</Button>
        </Stack>
      )}
    </Section>
  );
}

const SCOPES = ['read', 'write', 'secrets', 'metrics', 'admin'] as const;
const isScope = (s: string): s is (typeof SCOPES)[number] => (SCOPES as readonly string[]).includes(s);
/** the token the daemon writes to var/cli.token for the gateway's own `corridor` command (src/daemon.ts) */
const CLI_TOKEN_NAME = 'local CLI';

function Tokens() {
  const { t } = useI18n();
  const toast = useToast();
  const tokens = useList<ApiToken>('/api/tokens');
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>(['read']);
  const [created, setCreated] = useState<string | undefined>();
  const [nameError, setNameError] = useState<string | undefined>();
  const [revoking, setRevoking] = useState<ApiToken | undefined>();
  const create = async () => {
    try {
      const r = await api.post<{ id: string; name: string; token: string }>('/api/tokens', { name, scopes });
      setCreated(r.token);
      setName('');
      setNameError(undefined);
      tokens.reload();
    } catch (e) {
      if (e instanceof ApiError && e.issues.length) setNameError(e.issues.map((i) => i.message).join('; '));
      else toast.fail(e);
    }
  };
  const revoke = async (token: ApiToken) => {
    setRevoking(undefined);
    try {
      await api.del(`/api/tokens/${seg(token.id)}`);
      toast.notify('success', t('settings.tokenRevoked', { name: token.name }));
      tokens.reload();
    } catch (e) {
      toast.fail(e);
    }
  };
  return (
    <Section title={t('settings.tokens')}>
      <Stack gap="md">
        {created && <SecretOnce label={t('settings.newToken')} secret={created} onDone={() => setCreated(undefined)} />}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <Group align="flex-end" gap="sm">
            <TextInput id="token-name" label={t('settings.tokenName')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={nameError} required />
            <Checkbox.Group label={t('settings.scopes')} value={scopes} onChange={setScopes}>
              <Group gap="sm" mt={6}>
                {SCOPES.map((s) => (
                  <Checkbox key={s} value={s} label={t(`settings.scope.${s}`)} />
                ))}
              </Group>
            </Checkbox.Group>
            <Button type="submit">{t('settings.createToken')}</Button>
          </Group>
        </form>
        {tokens.items.length === 0 ? (
          <EmptyState title={t('settings.noTokens')} hint={t('settings.noTokensHint')} />
        ) : (
          <Table verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('field.name')}</Table.Th>
                <Table.Th>{t('settings.scopes')}</Table.Th>
                <Table.Th>{t('settings.lastUsed')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tokens.items.map((tk) => (
                <Table.Tr key={tk.id}>
                  <Table.Td fw={500}>{tk.name}</Table.Td>
                  <Table.Td>{tk.scopes.map((s) => (isScope(s) ? t(`settings.scope.${s}`) : s)).join(', ')}</Table.Td>
                  <Table.Td>{formatDateTime(tk.lastUsedAt)}</Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Button size="xs" color="red" variant="subtle" onClick={() => setRevoking(tk)} data-testid={`revoke-token-${tk.name}`}>{t('pki.revoke')}</Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <ConfirmModal opened={revoking !== undefined} title={t('settings.confirmRevokeTitle')} action={t('pki.revoke')} onConfirm={() => void revoke(revoking!)} onClose={() => setRevoking(undefined)}>
        {revoking?.name === CLI_TOKEN_NAME ? t('settings.confirmRevokeCli') : t('settings.confirmRevoke', { name: revoking?.name ?? '' })}
      </ConfirmModal>
    </Section>
  );
}

export function SettingsPage() {
  const { t, lang, setLang } = useI18n();
  const toast = useToast();
  const { admin, setAdmin } = useAdmin();
  const change = (next: Lang) => {
    setLang(next);
    setAdmin({ ...admin, lang: next });
    api.put('/api/auth/me/lang', { lang: next }).catch(toast.fail);
  };
  return (
    <Stack gap="lg">
      <PageHeader title={t('nav.settings')} description={t('settings.description')} />
      <Section title={t('nav.language')}>
        <Stack gap="xs" align="flex-start">
          <Text size="sm" c="dimmed">{t('settings.langHint')}</Text>
          <SegmentedControl aria-label={t('nav.language')} data={LANGS} value={lang} onChange={(v) => change(v as Lang)} />
        </Stack>
      </Section>
      <Section title={t('password.title')}>
        <PasswordForm onDone={() => toast.notify('success', t('password.changed'))} />
      </Section>
      <Admins />
      <Totp />
      <Tokens />
      {!admin.totpEnabled && <Alert color="yellow" variant="light">{t('settings.totpRecommend')}</Alert>}
    </Stack>
  );
}
