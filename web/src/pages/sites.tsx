import { Button, Code, CopyButton, Drawer, Group, Modal, SegmentedControl, Select, SimpleGrid, Stack, Table, Tabs, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api, query, seg } from '../api.js';
import type { Gateway, Peer, SiteHistoryItem, SiteResponse, SiteStatus } from '../api-types.js';
import { PageHeader, Section } from '../components/layout.js';
import { type FieldSpec, type Option } from '../components/resource-form.js';
import { ResourcePage, type ResourceConfig } from '../components/resource-page.js';
import { SecretOnce } from '../components/secret-once.js';
import { HealthBadge, SaState } from '../components/status.js';
import { useToast } from '../components/toasts.js';
import { TrafficChart } from '../components/traffic-chart.js';
import { formatBytes, formatDateTime } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { useLive } from '../live/live.js';
import { normalizeStatus } from '../live/reducer.js';
import { saveFile, useList } from '../use-data.js';
import { gatewayConfig, peerConfig, vendorLabel } from './site-resources.js';
import { SheetView } from '../components/sheet-view.js';

const STATUS_POLL_MS = 5000;

export const EXPORT_VENDORS = ['strongswan', 'huawei-cloud', 'huawei', 'cisco-ios', 'fortigate'] as const;

export function siteFields(gateways: Option[], peers: Option[]): FieldSpec[] {
  const G = 'site.tab.general' as const;
  return [
    { path: 'name', label: 'field.name', kind: 'text', required: true, key: true, tab: G, hint: 'hint.resourceName' },
    { path: 'description', label: 'field.description', kind: 'text', tab: G },
    { path: 'gateway', label: 'field.gateway', kind: 'select', options: gateways, required: true, tab: G },
    { path: 'peer', label: 'field.peer', kind: 'select', options: peers, required: true, tab: G },
    { path: 'enabled', label: 'field.enabled', kind: 'switch', tab: G },
    // the vendor-decided fields start empty: the peer's preset fills what stays empty (see the details' effective values)
    { path: 'ikeVersion', label: 'site.ikeVersion', kind: 'select', numeric: true, options: [{ value: '2', label: 'IKEv2' }, { value: '1', label: 'IKEv1' }], hint: 'site.presetHint', tab: G },
    { path: 'initiate', label: 'site.initiate', kind: 'switch', hint: 'site.initiateHint', tab: G },
    { path: 'mtu', label: 'site.mtu', kind: 'number', min: 576, max: 9000, tab: G },
    { path: 'ike.proposals', label: 'site.proposals', kind: 'list', tab: 'site.tab.ike', placeholder: 'aes256gcm16-prfsha256-ecp256' },
    { path: 'ike.lifetime', label: 'site.lifetime', kind: 'number', min: 1, tab: 'site.tab.ike' },
    { path: 'mobike', label: 'site.mobike', kind: 'switch', hint: 'site.mobikeHint', tab: 'site.tab.ike' },
    { path: 'esp.proposals', label: 'site.proposals', kind: 'list', tab: 'site.tab.esp', hint: 'site.espHint', placeholder: 'aes256gcm16-ecp256' },
    { path: 'esp.lifetime', label: 'site.lifetime', kind: 'number', min: 1, tab: 'site.tab.esp' },
    { path: 'childPerSubnetPair', label: 'site.childPerPair', kind: 'switch', hint: 'site.childPerPairHint', tab: 'site.tab.esp' },
    { path: 'auth', label: 'site.auth', kind: 'select', required: true, options: [{ value: 'psk', label: 'PSK' }, { value: 'cert', label: 'X.509' }], tab: 'site.tab.auth' },
    { path: 'psk', label: 'site.psk', kind: 'password', secret: true, tab: 'site.tab.auth', when: (v) => v.auth !== 'cert' },
    { path: 'certificate', label: 'site.certificate', kind: 'text', tab: 'site.tab.auth', when: (v) => v.auth === 'cert' },
    { path: 'localId', label: 'site.localId', kind: 'text', tab: 'site.tab.auth' },
    { path: 'remoteId', label: 'site.remoteId', kind: 'text', tab: 'site.tab.auth' },
    { path: 'localSubnets', label: 'site.localSubnets', kind: 'list', required: true, tab: 'site.tab.subnets', placeholder: '198.18.10.0/24' },
    { path: 'remoteSubnets', label: 'site.remoteSubnets', kind: 'list', required: true, tab: 'site.tab.subnets', placeholder: '198.18.20.0/24' },
    { path: 'dpd.preset', label: 'site.dpdPreset', kind: 'select', options: [{ value: 'fast', label: 'fast', labelKey: 'site.dpd.fast' }, { value: 'standard', label: 'standard', labelKey: 'site.dpd.standard' }, { value: 'off', label: 'off', labelKey: 'site.dpd.off' }], tab: 'site.tab.dpd', hint: 'site.dpdHint' },
    { path: 'dpd.delay', label: 'site.dpdDelay', kind: 'number', min: 1, tab: 'site.tab.dpd' },
    { path: 'dpd.action', label: 'site.dpdAction', kind: 'select', options: [{ value: 'restart', label: 'restart', labelKey: 'site.dpd.restart' }, { value: 'clear', label: 'clear', labelKey: 'site.dpd.clear' }], tab: 'site.tab.dpd' },
  ];
}

/** No crypto, child or DPD values: left empty, the peer vendor's preset decides them, as through the API and CLI. */
export const blankSite = () => ({
  name: '', description: '', enabled: true, initiate: true, auth: 'psk', mobike: false, localSubnets: [], remoteSubnets: [],
});

export function SitesPage() {
  const { t } = useI18n();
  const live = useLive();
  const gateways = useList<Gateway>('/api/gateways');
  const peers = useList<Peer>('/api/peers');
  const [detail, setDetail] = useState<SiteResponse | undefined>();
  const gatewayOptions = gateways.items.map((g) => ({ value: g.name, label: g.name }));
  const peerOptions = peers.items.map((p) => ({ value: p.name, label: `${p.name} (${p.vendor})` }));

  const config: ResourceConfig<SiteResponse> = {
    resource: 'sites',
    keyOf: (s) => s.name,
    title: 'nav.sites',
    singular: 'site.singular',
    emptyHint: 'site.emptyHint',
    searchable: true,
    fields: siteFields(gatewayOptions, peerOptions),
    blank: () => ({ ...blankSite(), gateway: gatewayOptions[0]?.value, peer: peerOptions[0]?.value }),
    headerActions: (
      <Button size="sm" variant="light" component="a" href="#/wizard/branch">
        {t('wizard.branch.title')}
      </Button>
    ),
    columns: [
      { label: 'field.name', render: (s) => <Text fw={500} size="sm">{s.name}</Text> },
      { label: 'field.peer', render: (s) => s.peer, secondary: true },
      { label: 'site.health', render: (s) => <HealthBadge health={s.enabled === false ? 'disabled' : live.state.sites[s.name]?.health} /> },
      { label: 'site.ikeChild', render: (s) => <Group gap={4} wrap="nowrap"><SaState state={live.state.sites[s.name]?.ike.state} /><SaState state={live.state.sites[s.name]?.child.state} /></Group>, secondary: true },
      { label: 'site.localSubnets', render: (s) => s.localSubnets.join(', '), secondary: true },
      { label: 'site.remoteSubnets', render: (s) => s.remoteSubnets.join(', '), secondary: true },
    ],
    rowActions: (s) => (
      <Button size="xs" variant="light" onClick={() => setDetail(s)} data-testid={`site-details-${s.name}`}>
        {t('site.details')}
      </Button>
    ),
  };

  return (
    <Stack gap="lg">
      <PageHeader title={t('nav.sites')} description={t('site.description')} />
      <Tabs defaultValue="connections" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="connections">{t('site.tab.connections')}</Tabs.Tab>
          <Tabs.Tab value="peers">{t('site.tab.peers')}</Tabs.Tab>
          <Tabs.Tab value="gateways">{t('site.tab.gateways')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="connections">
          <SiteStatusLoader names={undefined} />
          <ResourcePage config={config} />
        </Tabs.Panel>
        <Tabs.Panel value="peers">
          <ResourcePage config={{ ...peerConfig, onCreated: () => peers.reload() }} />
        </Tabs.Panel>
        <Tabs.Panel value="gateways">
          <ResourcePage config={{ ...gatewayConfig, onCreated: () => gateways.reload() }} />
        </Tabs.Panel>
      </Tabs>
      <Drawer opened={detail !== undefined} onClose={() => setDetail(undefined)} position="right" size="xl" title={detail?.name}>
        {detail && <SiteDetail site={detail} />}
      </Drawer>
    </Stack>
  );
}

/** Fetches every listed site's status once, so badges fill in before the first SSE update arrives. */
function SiteStatusLoader({ names }: { names: string[] | undefined }) {
  const list = useList<SiteResponse>(names ? undefined : '/api/sites');
  const { loadStatuses } = useLive();
  const all = names ?? list.items.map((s) => s.name);
  const key = all.join(',');
  useEffect(() => {
    if (all.length) void loadStatuses(all);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return null;
}

function SiteDetail({ site }: { site: SiteResponse }) {
  const { t } = useI18n();
  const toast = useToast();
  const live = useLive();
  const [history, setHistory] = useState<SiteHistoryItem[]>([]);
  const [psk, setPsk] = useState<string | undefined>();
  const [exporting, setExporting] = useState(false);
  const [busy, setBusy] = useState<string | undefined>();
  const status: SiteStatus | undefined = live.state.sites[site.name];
  const base = `/api/sites/${seg(site.name)}`;

  // SSE carries state changes; counters move without events, so the open drawer polls for the chart.
  useEffect(() => {
    let stopped = false;
    const poll = () =>
      api.get<Record<string, unknown>>(`${base}/status`).then(
        (s) => !stopped && live.dispatch({ type: 'site', status: normalizeStatus(s), at: Date.now() }),
        () => {},
      );
    void poll();
    const timer = setInterval(poll, STATUS_POLL_MS);
    api.get<{ items: SiteHistoryItem[] }>(`${base}/history`).then((r) => !stopped && setHistory(r.items), () => {});
    return () => {
      stopped = true;
      clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [base]);

  const act = async (action: 'initiate' | 'terminate' | 'reset') => {
    setBusy(action);
    try {
      await api.post(`${base}/${action}`);
      toast.notify('success', t(`site.done.${action}`, { name: site.name }));
    } catch (e) {
      toast.fail(e);
    } finally {
      setBusy(undefined);
    }
  };
  const resetPsk = async () => {
    setBusy('psk');
    try {
      const r = await api.post<{ psk: string }>(`${base}/psk`, {});
      setPsk(r.psk);
    } catch (e) {
      toast.fail(e);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Stack gap="md">
      <Group gap="sm">
        <HealthBadge health={site.enabled === false ? 'disabled' : status?.health} />
        <Text size="sm">IKE</Text>
        <SaState state={status?.ike.state} />
        <Text size="sm">CHILD</Text>
        <SaState state={status?.child.state} />
      </Group>
      {status?.missingPairs && (
        <Text size="sm" c="red">
          {t('site.missingPairs', { pairs: status.missingPairs.join(', ') })}
        </Text>
      )}
      {status?.lastChange && (
        <Text size="sm" c="dimmed">
          {t('site.lastChange', { at: formatDateTime(status.lastChange.at), reason: status.lastChange.reason })}
        </Text>
      )}
      <Group gap="xs">
        <Button size="xs" onClick={() => void act('initiate')} loading={busy === 'initiate'}>
          {t('site.action.initiate')}
        </Button>
        <Button size="xs" variant="default" onClick={() => void act('terminate')} loading={busy === 'terminate'}>
          {t('site.action.terminate')}
        </Button>
        <Button size="xs" variant="default" onClick={() => void act('reset')} loading={busy === 'reset'}>
          {t('site.action.reset')}
        </Button>
        <Button size="xs" variant="default" color="orange" onClick={() => void resetPsk()} loading={busy === 'psk'}>
          {t('site.action.resetPsk')}
        </Button>
        <Button size="xs" variant="light" onClick={() => setExporting(true)}>
          {t('site.action.export')}
        </Button>
      </Group>
      {psk && <SecretOnce label={t('site.newPsk')} secret={psk} onDone={() => setPsk(undefined)} />}
      <Section title={t('site.traffic')}>
        <SimpleGrid cols={2} mb="sm">
          <div>
            <Text size="xs" c="dimmed">{t('site.bytesIn')}</Text>
            <Text fw={600}>{formatBytes(status?.bytesIn)}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">{t('site.bytesOut')}</Text>
            <Text fw={600}>{formatBytes(status?.bytesOut)}</Text>
          </div>
        </SimpleGrid>
        <TrafficChart samples={live.state.traffic[site.name] ?? []} />
      </Section>
      {site.effective && <EffectiveSettings effective={site.effective} />}
      <Section title={t('site.history')}>
        {history.length === 0 ? (
          <Text size="sm" c="dimmed">{t('site.noHistory')}</Text>
        ) : (
          <Table verticalSpacing={4} fz="sm">
            <Table.Tbody>
              {history.slice(0, 50).map((h, i) => (
                <Table.Tr key={i}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(h.at)}</Table.Td>
                  <Table.Td>{h.kind}</Table.Td>
                  <Table.Td>{h.detail}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
      <ExportModal site={site.name} opened={exporting} onClose={() => setExporting(false)} />
    </Stack>
  );
}

/** Each vendor-decided value as charon gets it, and who decided it: the user, the peer's preset or Corridor. */
function EffectiveSettings({ effective }: { effective: NonNullable<SiteResponse['effective']> }) {
  const { t } = useI18n();
  const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v));
  return (
    <Section title={t('site.effective')}>
      <Table verticalSpacing={4} fz="sm" data-testid="site-effective">
        <Table.Tbody>
          {Object.entries(effective).map(([field, e]) => (
            <Table.Tr key={field}>
              <Table.Td>{field}</Table.Td>
              <Table.Td>{show(e.value)}</Table.Td>
              <Table.Td><Text size="xs" c={e.source === 'user' ? undefined : 'dimmed'}>{t(`site.source.${e.source}`)}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Section>
  );
}

/** The far end's configuration, as swanctl.conf or as a vendor worksheet, to copy or download. */
export function ExportView({ site, vendor: initialVendor }: { site: string; vendor?: string }) {
  const { t, lang } = useI18n();
  const toast = useToast();
  const [format, setFormat] = useState<'swanctl' | 'sheet'>('sheet');
  const [vendor, setVendor] = useState<string>(EXPORT_VENDORS.includes(initialVendor as never) ? initialVendor! : 'strongswan');
  const [text, setText] = useState<string | undefined>();
  useEffect(() => {
    setText(undefined);
    api
      .text(`/api/sites/${seg(site)}/export${query({ format, vendor: format === 'sheet' ? vendor : undefined, lang })}`)
      .then((r) => setText(r.text), toast.fail);
  }, [site, format, vendor, lang, toast.fail]);
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end">
        <SegmentedControl
          aria-label={t('site.exportFormat')}
          value={format}
          onChange={(v) => setFormat(v as 'swanctl' | 'sheet')}
          data={[{ value: 'sheet', label: t('site.exportSheet') }, { value: 'swanctl', label: 'swanctl.conf' }]}
        />
        {format === 'sheet' && (
          <Select label={t('site.vendor')} value={vendor} onChange={(v) => v && setVendor(v)} data={EXPORT_VENDORS.map((v) => ({ value: v, label: vendorLabel(v, t) }))} w={200} />
        )}
      </Group>
      {format === 'sheet' && text !== undefined ? (
        <div style={{ maxHeight: 560, overflow: 'auto' }} data-testid="export-text">
          <SheetView markdown={text} />
        </div>
      ) : (
        <Code block style={{ maxHeight: 420, overflow: 'auto', fontSize: 12 }} data-testid="export-text">
          {text ?? t('common.loading')}
        </Code>
      )}
      <Group gap="xs">
        <CopyButton value={text ?? ''}>
          {({ copied, copy }) => (
            <Button size="xs" onClick={copy} disabled={!text}>
              {copied ? t('action.copied') : t('action.copy')}
            </Button>
          )}
        </CopyButton>
        <Button size="xs" variant="default" disabled={!text} onClick={() => text && saveFile(`${site}-${format === 'sheet' ? vendor : 'swanctl'}.${format === 'sheet' ? 'txt' : 'conf'}`, text)}>
          {t('action.download')}
        </Button>
      </Group>
    </Stack>
  );
}

function ExportModal({ site, opened, onClose }: { site: string; opened: boolean; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal opened={opened} onClose={onClose} title={t('site.exportTitle', { name: site })} size="xl">
      {opened && <ExportView site={site} />}
    </Modal>
  );
}
