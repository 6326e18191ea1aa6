import { Button, Code, Group, ScrollArea, Select, Stack, Table, Text } from '@mantine/core';
import { Fragment, useEffect, useState } from 'react';
import { query } from '../api.js';
import type { AuditEntry } from '../api-types.js';
import { EmptyState, Loading, PageHeader, Section } from '../components/layout.js';
import { formatDateTime } from '../format.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { useList } from '../use-data.js';

const show = (v: unknown) => (v === undefined || v === null ? '—' : JSON.stringify(v, null, 2));

/** resource types the store writes (resource kinds, accounts, PKI); an unknown one shows as stored */
const TYPE_LABELS: Record<string, MessageKey> = {
  gateway: 'audit.type.gateway', peer: 'audit.type.peer', site: 'audit.type.site', server: 'audit.type.server', user: 'audit.type.user',
  group: 'audit.type.group', policy: 'audit.type.policy', ddns: 'audit.type.ddns', admin: 'audit.type.admin', ca: 'audit.type.ca',
  certificate: 'audit.type.certificate', token: 'audit.type.token',
};
/** "alice (token)" and "corridor (daemon)" as the store writes them: the name, and how it acted */
const VIA_LABELS: Record<string, MessageKey> = { token: 'audit.via.token', daemon: 'audit.via.daemon' };

function Actor({ actor }: { actor: string }) {
  const { t } = useI18n();
  const m = /^(.*) \((token|daemon)\)$/.exec(actor);
  if (!m) return <>{actor}</>;
  return <>{m[1]} <Text span size="xs" c="dimmed">{t(VIA_LABELS[m[2]!]!)}</Text></>;
}

export function AuditPage() {
  const { t } = useI18n();
  const [actor, setActor] = useState('');
  const [resource, setResource] = useState('');
  const [applied, setApplied] = useState({ actor: '', resource: '' });
  const [open, setOpen] = useState<string | number | undefined>();
  const list = useList<AuditEntry>(`/api/audit${query({ actor: applied.actor, resource: applied.resource, limit: 500 })}`);
  // the filters match stored values exactly, so they offer the values seen so far instead of free text
  const [seen, setSeen] = useState<{ actors: string[]; types: string[] }>({ actors: [], types: [] });
  useEffect(() => {
    setSeen((prev) => ({
      actors: [...new Set([...prev.actors, ...list.items.map((a) => a.actor)])].sort(),
      types: [...new Set([...prev.types, ...list.items.map((a) => a.resourceType)])].sort(),
    }));
  }, [list.items]);
  const typeLabel = (type: string) => (TYPE_LABELS[type] ? t(TYPE_LABELS[type]) : type);
  return (
    <Stack gap="lg">
      <PageHeader title={t('nav.audit')} description={t('audit.description')} />
      <Section title={t('events.filter')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setApplied({ actor, resource });
          }}
        >
          <Group align="flex-end" gap="sm">
            <Select id="audit-actor" label={t('audit.actor')} data={seen.actors} value={actor || null} onChange={(v) => setActor(v ?? '')} searchable clearable placeholder={t('audit.any')} />
            <Select id="audit-resource" label={t('audit.resource')} data={seen.types.map((v) => ({ value: v, label: typeLabel(v) }))} value={resource || null} onChange={(v) => setResource(v ?? '')} searchable clearable placeholder={t('audit.any')} />
            <Button type="submit">{t('action.apply')}</Button>
          </Group>
        </form>
      </Section>
      <Section title={t('nav.audit')}>
        {list.loading && !list.data ? (
          <Loading />
        ) : list.items.length === 0 ? (
          <EmptyState title={t('audit.none')} />
        ) : (
          <ScrollArea type="auto">
            <Table striped verticalSpacing={6} miw={640} data-testid="audit-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('events.time')}</Table.Th>
                  <Table.Th>{t('audit.actor')}</Table.Th>
                  <Table.Th>{t('audit.action')}</Table.Th>
                  <Table.Th>{t('audit.resource')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.items.map((a) => (
                  <Fragment key={a.id}>
                    <Table.Tr>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.at)}</Table.Td>
                      <Table.Td><Actor actor={a.actor} /></Table.Td>
                      {/* the action is the identifier the API and `corridor audit` filter by, shown as such */}
                      <Table.Td><Code>{a.action}</Code></Table.Td>
                      <Table.Td>{typeLabel(a.resourceType)} <Text span fw={500} size="sm">{a.resourceName}</Text></Table.Td>
                      <Table.Td>
                        <Button size="xs" variant="subtle" onClick={() => setOpen(open === a.id ? undefined : a.id)} aria-expanded={open === a.id}>
                          {open === a.id ? t('audit.hide') : t('audit.changes')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                    {open === a.id && (
                      <Table.Tr>
                        <Table.Td colSpan={5}>
                          <Group grow align="flex-start" gap="sm">
                            <div>
                              <Text size="xs" c="dimmed" mb={2}>{t('audit.before')}</Text>
                              <Code block fz={11}>{show(a.before)}</Code>
                            </div>
                            <div>
                              <Text size="xs" c="dimmed" mb={2}>{t('audit.after')}</Text>
                              <Code block fz={11}>{show(a.after)}</Code>
                            </div>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Section>
    </Stack>
  );
}
