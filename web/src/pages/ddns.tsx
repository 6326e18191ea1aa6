import { Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { DdnsProvider, DdnsStatus, Gateway } from '../api-types.js';
import { PageHeader } from '../components/layout.js';
import type { FieldSpec, FormValue, Option } from '../components/resource-form.js';
import { ResourcePage, type ResourceConfig } from '../components/resource-page.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { useData, useList } from '../use-data.js';

export type DdnsResponse = Omit<DdnsProvider, 'secret'> & { secretSet?: boolean };
type DdnsKind = DdnsProvider['kind'];

/** Brand names stay as they are in every language; the rest is translated. */
const BRANDS: Record<DdnsKind, string> = { rfc2136: 'RFC 2136', dyndns2: 'dyndns2', cloudflare: 'Cloudflare', alidns: 'AliDNS', dnspod: 'DNSPod', noip: 'No-IP', duckdns: 'Duck DNS' };
const DESCRIBED: Partial<Record<DdnsKind, MessageKey>> = { rfc2136: 'ddns.kind.rfc2136', dyndns2: 'ddns.kind.dyndns2', alidns: 'ddns.kind.alidns', dnspod: 'ddns.kind.dnspod' };

/** The WAN links of the gateway chosen in the form: the only links a provider may publish. */
export function wanLinkOptions(gateways: readonly Gateway[], value: FormValue): Option[] {
  const gw = gateways.find((g) => g.name === value.gateway);
  return (gw?.wanLinks ?? []).map((w) => ({ value: w.name, label: `${w.name} (${w.interface}${w.address ? `, ${w.address}` : ''})` }));
}

export function ddnsFields(gateways: readonly Gateway[], kindLabel: (k: DdnsKind) => string): FieldSpec[] {
  return [
    { path: 'name', label: 'field.name', kind: 'text', required: true, key: true, hint: 'hint.resourceName' },
    { path: 'description', label: 'field.description', kind: 'text' },
    { path: 'gateway', label: 'field.gateway', kind: 'select', required: true, options: gateways.map((g) => ({ value: g.name, label: g.name })) },
    { path: 'wanLink', label: 'gateway.wanLink', kind: 'select', required: true, hint: 'ddns.wanLinkHint', options: (v) => wanLinkOptions(gateways, v) },
    { path: 'priority', label: 'gateway.priority', kind: 'number', min: 0, max: 3, hint: 'ddns.priorityHint' },
    { path: 'kind', label: 'ddns.kind', kind: 'select', required: true, options: (Object.keys(BRANDS) as DdnsKind[]).map((k) => ({ value: k, label: kindLabel(k) })) },
    { path: 'hostname', label: 'ddns.hostname', kind: 'text', required: true, placeholder: 'hq.example.org' },
    { path: 'zone', label: 'ddns.zone', kind: 'text', hint: 'ddns.zoneHint', placeholder: 'example.org' },
    { path: 'server', label: 'ddns.server', kind: 'text', hint: 'ddns.serverHint' },
    { path: 'resolver', label: 'ddns.resolver', kind: 'text', hint: 'ddns.resolverHint' },
    { path: 'username', label: 'ddns.username', kind: 'text', hint: 'ddns.usernameHint' },
    { path: 'secret', label: 'ddns.secret', kind: 'password', secret: true },
    { path: 'endpoint', label: 'ddns.endpoint', kind: 'text', hint: 'ddns.endpointHint', placeholder: 'https://' },
  ];
}

const STATE_COLOR: Record<DdnsStatus['state'], string> = { pending: 'gray', published: 'blue', verified: 'teal', stale: 'orange', failed: 'red' };

/** The provider's last result: state, the address it holds, and why it failed. */
function LastResult({ s }: { s: DdnsStatus | undefined }) {
  const { t } = useI18n();
  if (!s) return <Text size="sm" c="dimmed">{t('ddns.state.none')}</Text>;
  const badge = <Badge variant="light" color={STATE_COLOR[s.state]} data-testid={`ddns-state-${s.name}`}>{t(`ddns.state.${s.state}`)}</Badge>;
  return (
    <Group gap={6} wrap="nowrap">
      {s.lastError ? <Tooltip label={s.lastError.message}>{badge}</Tooltip> : badge}
      {s.address && <Text size="sm" ff="monospace">{s.address}</Text>}
      {s.lastError && <Text size="xs" c="red" data-testid={`ddns-error-${s.name}`}>{s.lastError.code}</Text>}
    </Group>
  );
}

export function DdnsPage() {
  const { t } = useI18n();
  const gateways = useList<Gateway>('/api/gateways');
  const status = useData<{ items: DdnsStatus[] }>('/api/ddns-status');
  const statusOf = (d: DdnsResponse) => status.data?.items.find((s) => s.name === d.name);
  const kindLabel = (k: DdnsKind) => (DESCRIBED[k] ? t(DESCRIBED[k]) : (BRANDS[k] ?? k));
  const interfaceOf = (d: DdnsResponse) => gateways.items.find((g) => g.name === d.gateway)?.wanLinks.find((w) => w.name === d.wanLink)?.interface;
  const config: ResourceConfig<DdnsResponse> = {
    resource: 'ddns',
    keyOf: (d) => d.name,
    title: 'ddns.title',
    singular: 'ddns.singular',
    emptyHint: 'ddns.emptyHint',
    searchable: true,
    fields: ddnsFields(gateways.items, kindLabel),
    blank: () => {
      const gw = gateways.items.find((g) => g.wanLinks.length > 0) ?? gateways.items[0];
      return { name: '', description: '', gateway: gw?.name, wanLink: gw?.wanLinks[0]?.name, kind: 'dyndns2', hostname: '', priority: 0 };
    },
    columns: [
      {
        label: 'field.name',
        render: (d) => (
          <div>
            <Text fw={500} size="sm">{d.name}</Text>
            {d.description && <Text size="xs" c="dimmed">{d.description}</Text>}
          </div>
        ),
      },
      { label: 'ddns.hostname', render: (d) => <Text size="sm" ff="monospace">{d.hostname}</Text> },
      {
        label: 'ddns.serves',
        render: (d) => (
          <Group gap={6} wrap="nowrap" data-testid={`ddns-serves-${d.name}`}>
            <Badge variant="outline" color="gray" tt="none">{d.gateway}</Badge>
            <Text size="sm">{d.wanLink}{interfaceOf(d) ? ` (${interfaceOf(d)})` : ''}</Text>
          </Group>
        ),
      },
      { label: 'ddns.lastResult', render: (d) => <LastResult s={statusOf(d)} /> },
      { label: 'gateway.priority', render: (d) => <Badge variant="light" color={d.priority === 0 ? 'blue' : 'gray'} data-testid={`ddns-priority-${d.name}`}>{d.priority}</Badge> },
      { label: 'ddns.kind', render: (d) => kindLabel(d.kind), secondary: true },
      { label: 'ddns.secret', render: (d) => (d.secretSet ? <Badge color="teal" variant="light">{t('common.set')}</Badge> : <Text size="sm" c="dimmed">{t('common.notSet')}</Text>), secondary: true },
    ],
  };
  return (
    <Stack gap="lg">
      <PageHeader title={t('nav.ddns')} description={t('ddns.description')} />
      <ResourcePage config={config} />
    </Stack>
  );
}
