import { Alert, Button, Group, Menu, Modal, Pagination, ScrollArea, Table, Text, TextInput } from '@mantine/core';
import { useMemo, useState, type ReactNode } from 'react';
import { api, seg } from '../api.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { useList } from '../use-data.js';
import { FormModal } from './form-modal.js';
import { Icon } from './icons.js';
import { EmptyState, Loading, Section } from './layout.js';
import { cleanPayload } from './form-payload.js';
import type { FieldSpec, FormValue } from './resource-form.js';
import { useToast } from './toasts.js';

export interface Column<T> {
  label: MessageKey;
  /** reload: fetch the list again (after an action in the cell changed the row) */
  render: (row: T, reload: () => void) => ReactNode;
  /** hide below the small breakpoint (phone width) */
  secondary?: boolean;
}

export interface ResourceConfig<T> {
  /** path under /api, e.g. "servers" */
  resource: string;
  keyOf: (row: T) => string;
  title: MessageKey;
  singular: MessageKey;
  emptyHint: MessageKey;
  columns: Column<T>[];
  fields: FieldSpec[];
  blank: () => FormValue;
  /** turns a row into the edit form's starting value (write-only fields are never in rows) */
  toForm?: (row: T) => FormValue;
  rowActions?: (row: T, reload: () => void) => ReactNode;
  /** called after a create with the server's answer (e.g. to show a generated secret) */
  onCreated?: (created: T, reload: () => void) => void;
  headerActions?: ReactNode;
  searchable?: boolean;
}

/** Rows per page: a thousand users with row menus would take seconds to render at once. */
export const PAGE_SIZE = 50;

/** List + create + edit + delete for one REST resource, with the API's field errors in the form. */
export function ResourcePage<T extends object>({ config }: { config: ResourceConfig<T> }) {
  const { t } = useI18n();
  const toast = useToast();
  const list = useList<T>(`/api/${config.resource}`);
  const [editing, setEditing] = useState<T | undefined>();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<T | undefined>();
  const [filter, setFilter] = useState('');
  const [pageNo, setPageNo] = useState(1);
  const matching = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return f ? list.items.filter((r) => JSON.stringify(r).toLowerCase().includes(f)) : list.items;
  }, [list.items, filter]);
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const page = Math.min(pageNo, pages);
  const rows = matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const singular = t(config.singular);
  const base = `/api/${config.resource}`;

  const create = async (value: FormValue) => {
    const created = await api.post<T>(base, cleanPayload(config.fields, value, false));
    setCreating(false);
    toast.notify('success', t('toast.createdKind', { kind: singular, name: created ? config.keyOf(created) : '' }));
    list.reload();
    if (created) config.onCreated?.(created, list.reload);
  };
  const save = async (value: FormValue) => {
    if (!editing) return;
    await api.patch(`${base}/${seg(config.keyOf(editing))}`, cleanPayload(config.fields, value, true));
    setEditing(undefined);
    toast.notify('success', t('toast.saved', { name: config.keyOf(editing) }));
    list.reload();
  };
  const remove = async () => {
    if (!deleting) return;
    try {
      await api.del(`${base}/${seg(config.keyOf(deleting))}`);
      toast.notify('success', t('toast.deleted', { name: config.keyOf(deleting) }));
      list.reload();
    } catch (e) {
      toast.fail(e);
    } finally {
      setDeleting(undefined);
    }
  };

  return (
    <Section
      title={t(config.title)}
      actions={
        <>
          {config.headerActions}
          <Button size="sm" leftSection={<Icon name="plus" size={16} />} onClick={() => setCreating(true)} data-testid={`create-${config.resource}`}>
            {t('action.new', { name: singular })}
          </Button>
        </>
      }
    >
      {config.searchable && list.items.length > 8 && (
        <TextInput
          mb="sm"
          aria-label={t('action.filter')}
          placeholder={t('action.filter')}
          value={filter}
          onChange={(e) => {
            setFilter(e.currentTarget.value);
            setPageNo(1);
          }}
          maw={320}
        />
      )}
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error && !list.data ? (
        <Alert color="red" variant="light">
          {list.error instanceof Error ? list.error.message : String(list.error)}
        </Alert>
      ) : matching.length === 0 ? (
        <EmptyState title={t('empty.none', { name: t(config.title).toLowerCase() })} hint={t(config.emptyHint)} />
      ) : (
        <ScrollArea type="auto">
          <Table striped highlightOnHover verticalSpacing="sm" miw={560} data-testid={`table-${config.resource}`}>
            <Table.Thead>
              <Table.Tr>
                {config.columns.map((c) => (
                  <Table.Th key={c.label} visibleFrom={c.secondary ? 'sm' : undefined}>
                    {t(c.label)}
                  </Table.Th>
                ))}
                <Table.Th style={{ width: 1 }}>
                  <span className="visually-hidden">{t('common.actions')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={config.keyOf(row)} data-row={config.keyOf(row)}>
                  {config.columns.map((c) => (
                    <Table.Td key={c.label} visibleFrom={c.secondary ? 'sm' : undefined}>
                      {c.render(row, list.reload)}
                    </Table.Td>
                  ))}
                  <Table.Td>
                    <Group gap={6} wrap="nowrap" justify="flex-end">
                      {config.rowActions?.(row, list.reload)}
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <Button size="xs" variant="default" aria-label={t('common.moreFor', { name: config.keyOf(row) })}>
                            ⋯
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item onClick={() => setEditing(row)}>{t('action.edit')}</Menu.Item>
                          <Menu.Item color="red" onClick={() => setDeleting(row)}>
                            {t('action.delete')}
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {pages > 1 && (
            <Group justify="space-between" mt="sm">
              <Text size="sm" c="dimmed">
                {t('common.range', { from: (page - 1) * PAGE_SIZE + 1, to: (page - 1) * PAGE_SIZE + rows.length, total: matching.length })}
              </Text>
              <Pagination total={pages} value={page} onChange={setPageNo} size="sm" aria-label={t('common.pages')} />
            </Group>
          )}
        </ScrollArea>
      )}
      <FormModal
        opened={creating}
        title={t('action.new', { name: singular })}
        fields={config.fields}
        initial={config.blank()}
        editing={false}
        onClose={() => setCreating(false)}
        onSubmit={create}
        idPrefix={`new-${config.resource}`}
      />
      <FormModal
        opened={editing !== undefined}
        title={editing ? t('action.editName', { name: config.keyOf(editing) }) : ''}
        fields={config.fields}
        initial={editing ? (config.toForm?.(editing) ?? (editing as FormValue)) : {}}
        editing
        onClose={() => setEditing(undefined)}
        onSubmit={save}
        idPrefix={`edit-${config.resource}`}
      />
      <Modal opened={deleting !== undefined} onClose={() => setDeleting(undefined)} title={t('action.confirmDelete')} centered>
        <Text mb="md">{deleting ? t('confirm.delete', { name: config.keyOf(deleting) }) : ''}</Text>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={() => setDeleting(undefined)}>
            {t('action.cancel')}
          </Button>
          <Button color="red" onClick={() => void remove()}>
            {t('action.delete')}
          </Button>
        </Group>
      </Modal>
    </Section>
  );
}
