import { Alert, Badge, Button, Code, CopyButton, Group, Image, Modal, Select, SimpleGrid, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError, query, seg } from '../api.js';
import type { Group as UserGroup, RaServer, UserResponse } from '../api-types.js';
import { PageHeader } from '../components/layout.js';
import type { FieldSpec, Option } from '../components/resource-form.js';
import { ResourcePage, type ResourceConfig } from '../components/resource-page.js';
import { useToast } from '../components/toasts.js';
import { formatClock, formatDateTime } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { saveFile, useList } from '../use-data.js';

export function userFields(groups: Option[]): FieldSpec[] {
  return [
    { path: 'username', label: 'user.username', kind: 'text', required: true, key: true, hint: 'user.usernameHint' },
    { path: 'displayName', label: 'user.displayName', kind: 'text' },
    { path: 'email', label: 'user.email', kind: 'text' },
    { path: 'password', label: 'user.password', kind: 'password', secret: true, hint: 'user.passwordHint' },
    { path: 'groups', label: 'user.groups', kind: 'multiselect', options: groups },
    { path: 'staticIp', label: 'user.staticIp', kind: 'text', hint: 'user.staticIpHint', placeholder: '198.19.99.50' },
    { path: 'maxSessions', label: 'user.maxSessions', kind: 'number', min: 1, max: 100 },
    { path: 'disabled', label: 'user.disabled', kind: 'switch' },
    { path: 'description', label: 'field.description', kind: 'text' },
  ];
}

export const blankUser = () => ({ username: '', displayName: '', groups: [], disabled: false, description: '' });

/** Downloads a user's .ovpn through the session (errors become toasts instead of a saved JSON file). */
export async function downloadProfile(username: string, server: string): Promise<string> {
  const r = await api.text(`/api/users/${seg(username)}/profile`, { body: { server } });
  const filename = r.filename ?? `${username}-${server}.ovpn`;
  saveFile(filename, r.text, 'application/x-openvpn-profile');
  return filename;
}

function UserStatus({ user }: { user: UserResponse }) {
  const { t } = useI18n();
  if (user.disabled) return <Badge color="gray" variant="light">{t('user.state.disabled')}</Badge>;
  return (
    <Group gap={4}>
      <Badge color="teal" variant="light">{t('user.state.active')}</Badge>
      {user.totpSecretSet && <Badge color="blue" variant="outline" size="sm">TOTP</Badge>}
    </Group>
  );
}

/** Lockout from the list answer itself (one query for every user): locked until when, with the way out. */
function UserLockout({ user, reload }: { user: UserResponse; reload: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const lockout = user.lockout;
  const unlock = async () => {
    try {
      await api.post(`/api/users/${seg(user.username)}/unlock`);
      toast.notify('success', t('user.unlocked', { name: user.username }));
      reload();
    } catch (e) {
      toast.fail(e);
    }
  };
  if (lockout?.locked)
    return (
      <Group gap={6} wrap="nowrap">
        <Tooltip label={t('user.failures', { count: lockout.recentFailures })}>
          <Badge color="red" variant="light" data-testid={`locked-${user.username}`}>
            {lockout.until ? t('login.lockedUntil', { time: formatClock(lockout.until) }) : t('user.state.locked')}
          </Badge>
        </Tooltip>
        <Button size="compact-xs" color="red" variant="light" onClick={() => void unlock()} data-testid={`unlock-${user.username}`}>
          {t('user.unlock')}
        </Button>
      </Group>
    );
  if ((lockout?.recentFailures ?? 0) > 0)
    return <Badge color="orange" variant="outline" size="sm" data-testid={`failures-${user.username}`}>{t('user.failures', { count: lockout!.recentFailures })}</Badge>;
  return <Text size="sm" c="dimmed">—</Text>;
}

function ProfileModal({ user, onClose }: { user: UserResponse; onClose: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const servers = useList<RaServer>('/api/servers').items.filter((s) => s.kind === 'openvpn');
  const [server, setServer] = useState<string | null>(null);
  const [link, setLink] = useState<{ url: string; expiresAt: string } | undefined>();
  const chosen = server ?? servers[0]?.name ?? null;
  const download = async () => {
    if (!chosen) return;
    try {
      const file = await downloadProfile(user.username, chosen);
      toast.notify('success', t('user.downloaded', { file }));
    } catch (e) {
      toast.fail(e);
    }
  };
  const makeLink = async () => {
    if (!chosen) return;
    try {
      const r = await api.post<{ url: string; expiresAt: string }>(`/api/users/${seg(user.username)}/profile-links`, { server: chosen });
      setLink({ url: new URL(r.url, window.location.origin).toString(), expiresAt: r.expiresAt });
    } catch (e) {
      toast.fail(e);
    }
  };
  return (
    <Stack gap="md">
      {servers.length === 0 ? (
        <Alert color="yellow" variant="light">{t('user.noServers')}</Alert>
      ) : (
        <Select label={t('user.server')} data={servers.map((s) => ({ value: s.name, label: s.name }))} value={chosen} onChange={setServer} allowDeselect={false} />
      )}
      <Group gap="xs">
        <Button onClick={() => void download()} disabled={!chosen} data-testid="download-profile">
          {t('user.downloadProfile')}
        </Button>
        <Button variant="light" onClick={() => void makeLink()} disabled={!chosen}>
          {t('user.oneTimeLink')}
        </Button>
      </Group>
      {link && (
        <Alert color="blue" variant="light" title={t('user.linkTitle')}>
          <Text size="sm" mb={6}>{t('user.linkHint', { at: formatDateTime(link.expiresAt) })}</Text>
          <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="one-time-link">{link.url}</Code>
          <CopyButton value={link.url}>
            {({ copied, copy }) => (
              <Button size="xs" mt="xs" onClick={copy}>{copied ? t('action.copied') : t('action.copy')}</Button>
            )}
          </CopyButton>
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>{t('action.close')}</Button>
      </Group>
    </Stack>
  );
}

/**
 * TOTP for a VPN user: a new secret (QR code) that counts only once a first code from it is confirmed,
 * then how the user enters codes at connect time. The current secret, if any, works until then.
 */
function TotpModal({ user, onDone, onClose }: { user: UserResponse; onDone: () => void; onClose: () => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [setup, setSetup] = useState<{ secret: string; qrDataUrl: string } | undefined>();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [active, setActive] = useState(user.totpSecretSet === true);
  const start = async () => {
    try {
      const r = await api.post<{ secret: string; otpauthUrl: string; qrDataUrl: string }>(`/api/users/${seg(user.username)}/totp`);
      setSetup({ secret: r.secret, qrDataUrl: r.qrDataUrl });
      setCode('');
      setError(undefined);
    } catch (e) {
      toast.fail(e);
    }
  };
  const confirm = async () => {
    try {
      await api.post(`/api/users/${seg(user.username)}/totp/confirm`, { code });
      setSetup(undefined);
      setActive(true);
      toast.notify('success', t('user.totpActive', { name: user.username }));
      onDone();
    } catch (e) {
      if (e instanceof ApiError) setError(e.issues[0]?.message ?? e.message);
      else toast.fail(e);
    }
  };
  return (
    <Stack gap="md">
      {setup ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Stack gap="xs" align="flex-start">
            <Image src={setup.qrDataUrl} alt={t('settings.qrAlt')} w={200} h={200} fit="contain" data-testid="user-totp-qr" />
            <Text size="xs" c="dimmed">{t('settings.secretText')}</Text>
            <Code style={{ wordBreak: 'break-all' }} data-testid="user-totp-secret">{setup.secret}</Code>
          </Stack>
          <Stack gap="sm">
            <Text size="sm">{t('user.totpScan')}</Text>
            <TextInput id="user-totp-code" label={t('login.totp')} inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))} error={error} maxLength={8} />
            <Group gap="xs">
              <Button onClick={() => void confirm()} disabled={code.length < 6} data-testid="user-totp-confirm">{t('user.totpConfirm')}</Button>
              <Button variant="default" onClick={() => setSetup(undefined)}>{t('action.cancel')}</Button>
            </Group>
          </Stack>
        </SimpleGrid>
      ) : (
        <>
          {active ? <Badge color="teal" variant="light">{t('settings.totpOn')}</Badge> : <Text size="sm" c="dimmed">{t('user.totpOff')}</Text>}
          <Button variant={active ? 'light' : 'filled'} onClick={() => void start()} w="fit-content" data-testid="user-totp-start">
            {active ? t('user.totpReplace') : t('user.totpSetup')}
          </Button>
        </>
      )}
      <Alert color="blue" variant="light" title={t('user.totpHowTitle')}>
        <Text size="sm">{t('user.totpHow')}</Text>
      </Alert>
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>{t('action.close')}</Button>
      </Group>
    </Stack>
  );
}

export function UsersPage() {
  const { t } = useI18n();
  const toast = useToast();
  const groups = useList<UserGroup>('/api/groups');
  const [profileFor, setProfileFor] = useState<UserResponse | undefined>();
  const [totpFor, setTotpFor] = useState<{ user: UserResponse; reload: () => void } | undefined>();
  const toggle = async (u: UserResponse, reload: () => void) => {
    try {
      await api.patch(`/api/users/${seg(u.username)}`, { disabled: !u.disabled });
      toast.notify('success', t(u.disabled ? 'user.enabledToast' : 'user.disabledToast', { name: u.username }));
      reload();
    } catch (e) {
      toast.fail(e);
    }
  };
  const config: ResourceConfig<UserResponse> = {
    resource: 'users',
    keyOf: (u) => u.username,
    title: 'nav.users',
    singular: 'user.singular',
    emptyHint: 'user.emptyHint',
    searchable: true,
    fields: userFields(groups.items.map((g) => ({ value: g.name, label: g.name }))),
    blank: blankUser,
    toForm: (u) => {
      const { lockout: _l, passwordSet: _p, totpSecretSet: _t, ...rest } = u;
      return rest;
    },
    columns: [
      {
        label: 'user.username',
        render: (u) => (
          <div>
            <Text fw={500} size="sm">{u.username}</Text>
            {u.displayName && <Text size="xs" c="dimmed">{u.displayName}</Text>}
          </div>
        ),
      },
      { label: 'user.status', render: (u) => <UserStatus user={u} /> },
      { label: 'user.lockout', render: (u, reload) => <UserLockout user={u} reload={reload} /> },
      { label: 'user.groups', render: (u) => <Group gap={4}>{u.groups.map((g) => <Badge key={g} variant="outline" color="gray">{g}</Badge>)}</Group>, secondary: true },
      { label: 'user.staticIp', render: (u) => u.staticIp ?? '—', secondary: true },
    ],
    rowActions: (u, reload) => (
      <>
        <Button size="xs" variant="default" onClick={() => void toggle(u, reload)}>
          {u.disabled ? t('user.enable') : t('user.disable')}
        </Button>
        <Button size="xs" variant="light" onClick={() => setProfileFor(u)} data-testid={`profile-${u.username}`}>
          {t('user.profile')}
        </Button>
        <Button size="xs" variant="light" color="blue" onClick={() => setTotpFor({ user: u, reload })} data-testid={`totp-${u.username}`}>
          {t('user.totp')}
        </Button>
      </>
    ),
  };
  return (
    <Stack gap="lg">
      <PageHeader title={t('nav.users')} description={t('user.description')} />
      <ResourcePage config={config} />
      <Modal opened={profileFor !== undefined} onClose={() => setProfileFor(undefined)} title={profileFor ? t('user.profileTitle', { name: profileFor.username }) : ''} centered>
        {profileFor && <ProfileModal user={profileFor} onClose={() => setProfileFor(undefined)} />}
      </Modal>
      <Modal opened={totpFor !== undefined} onClose={() => setTotpFor(undefined)} title={totpFor ? t('user.totpTitle', { name: totpFor.user.username }) : ''} centered size="lg">
        {totpFor && <TotpModal user={totpFor.user} onDone={totpFor.reload} onClose={() => setTotpFor(undefined)} />}
      </Modal>
    </Stack>
  );
}
