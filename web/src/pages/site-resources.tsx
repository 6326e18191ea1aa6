import { Badge, Group, Text } from '@mantine/core';
import type { Gateway, Peer, PeerVendor } from '../api-types.js';
import type { ResourceConfig } from '../components/resource-page.js';
import { useI18n, type MessageKey } from '../i18n/index.js';

export const VENDORS: Record<PeerVendor, string> = {
  strongswan: 'strongSwan', huawei: 'Huawei AR/USG', 'huawei-cloud': 'Huawei Cloud VPN', 'cisco-ios': 'Cisco IOS', 'cisco-asa': 'Cisco ASA', fortigate: 'FortiGate',
  aws: 'AWS VPN', azure: 'Azure VPN Gateway', alibaba: 'Alibaba Cloud', tencent: 'Tencent Cloud', generic: 'Other (generic IKE)',
};
/** vendors named by the console rather than by a product: translated */
const VENDOR_KEYS: Partial<Record<PeerVendor, MessageKey>> = { generic: 'peer.vendorGeneric' };
export const vendorLabel = (v: PeerVendor, t: (key: MessageKey) => string) => (VENDOR_KEYS[v] ? t(VENDOR_KEYS[v]) : (VENDORS[v] ?? v));
export function VendorName({ vendor }: { vendor: PeerVendor }) {
  const { t } = useI18n();
  return <>{vendorLabel(vendor, t)}</>;
}
export const vendorOptions = (Object.keys(VENDORS) as PeerVendor[]).map((v) => ({ value: v, label: VENDORS[v], ...(VENDOR_KEYS[v] ? { labelKey: VENDOR_KEYS[v] } : {}) }));

export const peerConfig: ResourceConfig<Peer> = {
  resource: 'peers',
  keyOf: (p) => p.name,
  title: 'site.tab.peers',
  singular: 'peer.singular',
  emptyHint: 'peer.emptyHint',
  fields: [
    { path: 'name', label: 'field.name', kind: 'text', required: true, key: true, hint: 'hint.resourceName' },
    { path: 'description', label: 'field.description', kind: 'text' },
    { path: 'vendor', label: 'site.vendor', kind: 'select', options: vendorOptions, required: true },
    { path: 'addresses', label: 'peer.addresses', kind: 'list', required: true, hint: 'peer.addressesHint', placeholder: '198.18.0.2' },
    { path: 'identity', label: 'peer.identity', kind: 'text' },
  ],
  blank: () => ({ name: '', description: '', vendor: 'generic', addresses: [] }),
  columns: [
    { label: 'field.name', render: (p) => <Text fw={500} size="sm">{p.name}</Text> },
    { label: 'site.vendor', render: (p) => <Badge variant="light"><VendorName vendor={p.vendor} /></Badge> },
    { label: 'peer.addresses', render: (p) => p.addresses.join(', ') },
    { label: 'peer.identity', render: (p) => p.identity ?? '—', secondary: true },
  ],
};

export const gatewayConfig: ResourceConfig<Gateway> = {
  resource: 'gateways',
  keyOf: (g) => g.name,
  title: 'site.tab.gateways',
  singular: 'gateway.singular',
  emptyHint: 'gateway.emptyHint',
  fields: [
    { path: 'name', label: 'field.name', kind: 'text', required: true, key: true, hint: 'hint.resourceName' },
    { path: 'description', label: 'field.description', kind: 'text' },
    { path: 'lanSubnets', label: 'gateway.lanSubnets', kind: 'list', placeholder: '198.18.10.0/24' },
    { path: 'namespace', label: 'gateway.namespace', kind: 'text', hint: 'gateway.namespaceHint' },
    {
      path: 'wanLinks',
      label: 'gateway.wanLinks',
      kind: 'rows',
      hint: 'gateway.wanLinksHint',
      max: 8,
      item: {
        label: 'gateway.wanLink',
        add: 'gateway.addWanLink',
        blank: (i) => ({ name: `wan${i + 1}`, interface: '', priority: 100 * (i + 1) }),
        fields: [
          { path: 'name', label: 'field.name', kind: 'text', required: true, placeholder: 'wan1' },
          { path: 'interface', label: 'gateway.interface', kind: 'text', required: true, placeholder: 'eth0' },
          { path: 'address', label: 'gateway.address', kind: 'text', hint: 'gateway.addressHint', placeholder: '198.18.0.1' },
          { path: 'priority', label: 'gateway.priority', kind: 'number', min: 0, max: 1000, hint: 'gateway.priorityHint' },
          { path: 'fqdn', label: 'gateway.fqdn', kind: 'text', hint: 'gateway.fqdnHint', placeholder: 'hq.example.org' },
        ],
      },
    },
  ],
  blank: () => ({ name: '', description: '', lanSubnets: [], wanLinks: [] }),
  columns: [
    { label: 'field.name', render: (g) => <Text fw={500} size="sm">{g.name}</Text> },
    { label: 'gateway.lanSubnets', render: (g) => g.lanSubnets.join(', ') || '—' },
    {
      label: 'gateway.wanLinks',
      render: (g) => (
        <Group gap={4}>
          {g.wanLinks.length === 0 ? '—' : g.wanLinks.map((w) => <Badge key={w.name} variant="outline" color="gray" tt="none">{w.name}: {w.interface}{w.address ? ` ${w.address}` : ''}</Badge>)}
        </Group>
      ),
      secondary: true,
    },
  ],
};
