import { Button, Group, ScrollArea, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { query } from '../api.js';
import type { GatewayEvent } from '../api-types.js';
import { EmptyState, Loading, PageHeader, Section } from '../components/layout.js';
import { SeverityBadge } from '../components/status.js';
import { formatDateTime, formatDetail } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { useLive } from '../live/live.js';
import { useList } from '../use-data.js';

const LIMITS = ['100', '500', '1000'];

export function EventsPage() {
  const { t } = useI18n();
  const live = useLive();
  const [kind, setKind] = useState('');
  const [subject, setSubject] = useState('');
  const [since, setSince] = useState('');
  const [limit, setLimit] = useState('100');
  const [applied, setApplied] = useState({ kind: '', subject: '', since: '', limit: '100' });
  const list = useList<GatewayEvent>(
    `/api/events${query({ kind: applied.kind, subject: applied.subject, since: applied.since ? new Date(applied.since).toISOString() : undefined, limit: applied.limit })}`,
  );
  // Live events that match the filter join the top without a reload.
  const fresh = live.state.events.filter(
    (e) => !list.items.some((x) => x.id === e.id) && (!applied.kind || e.kind === applied.kind) && (!applied.subject || e.subject === applied.subject) && (!list.items[0] || Date.parse(e.at) > Date.parse(list.items[0].at)),
  );
  const rows = [...fresh, ...list.items];
  return (
    <Stack gap="lg">
      <PageHeader title={t('nav.events')} description={t('events.description')} />
      <Section title={t('events.filter')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setApplied({ kind, subject, since, limit });
          }}
        >
          <Group align="flex-end" gap="sm">
            <TextInput id="events-kind" label={t('events.kind')} value={kind} onChange={(e) => setKind(e.currentTarget.value)} placeholder="site.down" />
            <TextInput id="events-subject" label={t('events.subject')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
            <TextInput id="events-since" type="datetime-local" label={t('events.since')} value={since} onChange={(e) => setSince(e.currentTarget.value)} />
            <Select id="events-limit" label={t('events.limit')} data={LIMITS} value={limit} onChange={(v) => v && setLimit(v)} w={100} allowDeselect={false} />
            <Button type="submit">{t('action.apply')}</Button>
          </Group>
        </form>
      </Section>
      <Section title={t('events.list', { count: rows.length })}>
        {list.loading && !list.data ? (
          <Loading />
        ) : rows.length === 0 ? (
          <EmptyState title={t('events.none')} hint={t('events.noneHint')} />
        ) : (
          <ScrollArea type="auto">
            <Table striped verticalSpacing={6} miw={720} data-testid="events-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('events.time')}</Table.Th>
                  <Table.Th>{t('events.severity')}</Table.Th>
                  <Table.Th>{t('events.kind')}</Table.Th>
                  <Table.Th>{t('events.subject')}</Table.Th>
                  <Table.Th>{t('events.detail')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at)}</Table.Td>
                    <Table.Td><SeverityBadge severity={e.severity} /></Table.Td>
                    <Table.Td><Text size="sm" ff="monospace">{e.kind}</Text></Table.Td>
                    <Table.Td>{e.subject}</Table.Td>
                    <Table.Td>{formatDetail(e.detail)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Section>
    </Stack>
  );
}
