import { Badge, Stack, Text } from '@mantine/core';
import type { AccessPolicy, Group } from '../api-types.js';
import { PageHeader } from '../components/layout.js';
import { ResourcePage, type ResourceConfig } from '../components/resource-page.js';
import { useI18n } from '../i18n/index.js';
import { useList } from '../use-data.js';

export const groupConfig: ResourceConfig<Group> = {
  resource: 'groups',
  keyOf: (g) => g.name,
  title: 'group.title',
  singular: 'group.singular',
  emptyHint: 'group.emptyHint',
  fields: [
    { path: 'name', label: 'field.name', kind: 'text', required: true, key: true, hint: 'hint.resourceName' },
    { path: 'description', label: 'field.description', kind: 'text' },
  ],
  blank: () => ({ name: '', description: '' }),
  columns: [
    { label: 'field.name', render: (g) => <Text fw={500} size="sm">{g.name}</Text> },
    { label: 'field.description', render: (g) => g.description || '—' },
  ],
};

export function GroupsPage() {
  const { t } = useI18n();
  const groups = useList<Group>('/api/groups');
  const policyConfig: ResourceConfig<AccessPolicy> = {
    resource: 'policies',
    keyOf: (p) => p.name,
    title: 'policy.title',
    singular: 'policy.singular',
    emptyHint: 'policy.emptyHint',
    fields: [
      { path: 'name', label: 'field.name', kind: 'text', required: true, key: true, hint: 'hint.resourceName' },
      { path: 'description', label: 'field.description', kind: 'text' },
      { path: 'group', label: 'policy.group', kind: 'select', required: true, options: groups.items.map((g) => ({ value: g.name, label: g.name })) },
      { path: 'destinations', label: 'policy.destinations', kind: 'list', required: true, placeholder: '198.18.10.0/24' },
      { path: 'protocol', label: 'policy.protocol', kind: 'select', required: true, options: ['any', 'tcp', 'udp', 'icmp'].map((p) => ({ value: p, label: p })) },
      { path: 'ports', label: 'policy.ports', kind: 'text', hint: 'policy.portsHint', when: (v) => v.protocol === 'tcp' || v.protocol === 'udp' },
    ],
    blank: () => ({ name: '', description: '', group: groups.items[0]?.name, destinations: [], protocol: 'any' }),
    columns: [
      { label: 'field.name', render: (p) => <Text fw={500} size="sm">{p.name}</Text> },
      { label: 'policy.group', render: (p) => <Badge variant="light">{p.group}</Badge> },
      { label: 'policy.destinations', render: (p) => p.destinations.join(', ') },
      { label: 'policy.protocol', render: (p) => `${p.protocol}${p.ports ? ` ${p.ports}` : ''}` },
    ],
  };
  return (
    <Stack gap="lg">
      <PageHeader title={t('nav.groups')} description={t('group.description')} />
      <ResourcePage config={{ ...groupConfig, onCreated: () => groups.reload() }} />
      <ResourcePage config={policyConfig} />
    </Stack>
  );
}
