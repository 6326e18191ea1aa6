import { Badge, Button, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { api, seg } from '../api.js';
import { EmptyState, Section } from '../components/layout.js';
import { useToast } from '../components/toasts.js';
import { formatBytes, formatDuration, secondsSince } from '../format.js';
import type { Gateway, RaServer } from '../api-types.js';
import { PageHeader } from '../components/layout.js';
import type { FieldSpec, Option } from '../components/resource-form.js';
import { ResourcePage, type ResourceConfig } from '../components/resource-page.js';
import { useI18n } from '../i18n/index.js';
import { useLive } from '../live/live.js';
import { useList } from '../use-data.js';

export function serverFields(gateways: Option[]): FieldSpec[] {
  const N = 'server.tab.network' as const;
  const S = 'server.tab.security' as const;
  return [
    { path: 'name', label: 'field.name', kind: 'text', required: true, key: true, hint: 'hint.resourceName', tab: 'site.tab.general' },
    { path: 'description', label: 'field.description', kind: 'text', tab: 'site.tab.general' },
    { path: 'gateway', label: 'field.gateway', kind: 'select', options: gateways, required: true, tab: 'site.tab.general' },
    { path: 'kind', label: 'server.kind', kind: 'select', required: true, options: [{ value: 'openvpn', label: 'OpenVPN' }], tab: 'site.tab.general' },
    { path: 'enabled', label: 'field.enabled', kind: 'switch', tab: 'site.tab.general' },
    { path: 'publicAddress', label: 'server.publicAddress', kind: 'text', hint: 'server.publicAddressHint', tab: 'site.tab.general' },
    { path: 'proto', label: 'server.proto', kind: 'select', required: true, options: [{ value: 'udp', label: 'UDP' }, { value: 'tcp', label: 'TCP' }], tab: N },
    { path: 'port', label: 'server.port', kind: 'number', min: 1, max: 65535, tab: N },
    { path: 'listen', label: 'server.listen', kind: 'text', tab: N },
    { path: 'pool', label: 'server.pool', kind: 'text', required: true, hint: 'server.poolHint', placeholder: '198.19.99.0/24', tab: N },
    { path: 'routes', label: 'server.routes', kind: 'list', tab: N, placeholder: '198.18.10.0/24' },
    { path: 'dns', label: 'server.dns', kind: 'list', tab: N },
    { path: 'fullTunnel', label: 'server.fullTunnel', kind: 'switch', hint: 'server.fullTunnelHint', tab: N },
    { path: 'natInterface', label: 'server.natInterface', kind: 'text', tab: N },
    { path: 'ciphers', label: 'server.ciphers', kind: 'multiselect', options: ['AES-256-GCM', 'AES-128-GCM', 'CHACHA20-POLY1305'].map((c) => ({ value: c, label: c })), tab: S },
    { path: 'tlsCrypt', label: 'server.tlsCrypt', kind: 'switch', tab: S },
    { path: 'passwordAuth', label: 'server.passwordAuth', kind: 'switch', hint: 'server.passwordAuthHint', tab: S },
    { path: 'maxSessionsPerUser', label: 'server.maxSessions', kind: 'number', min: 1, max: 100, tab: S },
  ];
}

export const blankServer = (gateway?: string) => ({
  name: '', description: '', gateway, kind: 'openvpn', enabled: true, proto: 'udp', port: 1194, pool: '', routes: [], dns: [],
  fullTunnel: false, ciphers: ['AES-256-GCM', 'CHACHA20-POLY1305'], tlsCrypt: true, passwordAuth: true, maxSessionsPerUser: 5,
});

export function ServersPage() {
  const { t } = useI18n();
  const live = useLive();
  const gateways = useList<Gateway>('/api/gateways');
  const options = gateways.items.map((g) => ({ value: g.name, label: g.name }));
  const sessionsOf = (server: string) => Object.values(live.state.sessions).filter((s) => s.server === server).length;
  const config: ResourceConfig<RaServer> = {
    resource: 'servers',
    keyOf: (s) => s.name,
    title: 'nav.servers',
    singular: 'server.singular',
    emptyHint: 'server.emptyHint',
    fields: serverFields(options),
    blank: () => blankServer(options[0]?.value),
    headerActions: (
      <Button size="sm" variant="light" component="a" href="#/wizard/staff">
        {t('wizard.staff.title')}
      </Button>
    ),
    columns: [
      { label: 'field.name', render: (s) => <Text fw={500} size="sm">{s.name}</Text> },
      { label: 'server.kind', render: (s) => <Badge variant="light">{s.kind}</Badge> },
      { label: 'server.listenOn', render: (s) => `${s.proto}/${s.port}` },
      { label: 'server.pool', render: (s) => s.pool, secondary: true },
      { label: 'dashboard.sessions', render: (s) => sessionsOf(s.name) },
      { label: 'field.enabled', render: (s) => <Badge color={s.enabled ? 'teal' : 'gray'} variant="light">{s.enabled ? t('common.yes') : t('common.no')}</Badge>, secondary: true },
    ],
  };
  return (
    <Stack gap="lg">
      <PageHeader title={t('nav.servers')} description={t('server.description')} />
      <ResourcePage config={config} />
      <Sessions />
    </Stack>
  );
}

/** Who is connected now (kept current by the live feed), with a way to cut a session off. */
function Sessions() {
  const { t } = useI18n();
  const toast = useToast();
  const live = useLive();
  const sessions = Object.values(live.state.sessions).sort((a, b) => a.username.localeCompare(b.username));
  const kick = async (id: string, username: string) => {
    try {
      await api.del(`/api/sessions/${seg(id)}`);
      toast.notify('success', t('session.disconnected', { name: username }));
    } catch (e) {
      toast.fail(e);
    }
  };
  return (
    <Section title={t('session.title')}>
      {sessions.length === 0 ? (
        <EmptyState title={t('session.none')} hint={t('session.noneHint')} />
      ) : (
        <ScrollArea type="auto">
          <Table striped verticalSpacing={6} miw={640} data-testid="sessions-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('user.username')}</Table.Th>
                <Table.Th>{t('user.server')}</Table.Th>
                <Table.Th>{t('session.real')}</Table.Th>
                <Table.Th>{t('session.tunnel')}</Table.Th>
                <Table.Th>{t('session.since')}</Table.Th>
                <Table.Th>{t('site.bytesIn')} / {t('site.bytesOut')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.map((x) => (
                <Table.Tr key={x.id}>
                  <Table.Td fw={500}>{x.username}</Table.Td>
                  <Table.Td>{x.server}</Table.Td>
                  <Table.Td>{x.realAddress}</Table.Td>
                  <Table.Td>{x.tunnelAddress}</Table.Td>
                  <Table.Td>{formatDuration(secondsSince(x.since))}</Table.Td>
                  <Table.Td>{formatBytes(x.bytesIn)} / {formatBytes(x.bytesOut)}</Table.Td>
                  <Table.Td>
                    <Button size="xs" color="red" variant="subtle" onClick={() => void kick(x.id, x.username)}>
                      {t('session.disconnect')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Section>
  );
}
