import { Button, Code, Group, ScrollArea, Stack, Table, Text, TextInput } from '@mantine/core';
import { Fragment, useState } from 'react';
import { query } from '../api.js';
import type { AuditEntry } from '../api-types.js';
import { EmptyState, Loading, PageHeader, Section } from '../components/layout.js';
import { formatDateTime } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { useList } from '../use-data.js';

const show = (v: unknown) => (v === undefined || v === null ? '—' : JSON.stringify(v, null, 2));

export function AuditPage() {
  const { t } = useI18n();
  const [actor, setActor] = useState('');
  const [resource, setResource] = useState('');
  const [applied, setApplied] = useState({ actor: '', resource: '' });
  const [open, setOpen] = useState<string | number | undefined>();
  const list = useList<AuditEntry>(`/api/audit${query({ actor: applied.actor, resource: applied.resource, limit: 500 })}`);
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
            <TextInput id="audit-actor" label={t('audit.actor')} value={actor} onChange={(e) => setActor(e.currentTarget.value)} />
            <TextInput id="audit-resource" label={t('audit.resource')} value={resource} onChange={(e) => setResource(e.currentTarget.value)} placeholder="users" />
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
                      <Table.Td>{a.actor}</Table.Td>
                      <Table.Td><Text size="sm" ff="monospace">{a.action}</Text></Table.Td>
                      <Table.Td>{a.resourceType}/{a.resourceName}</Table.Td>
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
