import { Button, Group, Input, MultiSelect, NumberInput, Paper, PasswordInput, Select, SimpleGrid, Stack, Switch, Tabs, TagsInput, Textarea, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { getPath, setPath } from '../field-errors.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { errorWithin } from './form-payload.js';

export interface Option {
  value: string;
  label: string;
  /** a word of the console rather than data: shown translated (label is then the English fallback) */
  labelKey?: MessageKey;
}

export interface FieldSpec {
  path: string;
  label: MessageKey;
  kind: 'text' | 'password' | 'number' | 'switch' | 'select' | 'list' | 'multiselect' | 'textarea' | 'rows';
  hint?: MessageKey;
  tab?: MessageKey;
  /** choices of a select; a function when they depend on other fields (a gateway's WAN links) */
  options?: Option[] | ((value: FormValue) => Option[]);
  /** select whose values are numbers in the model (ikeVersion) */
  numeric?: boolean;
  required?: boolean;
  placeholder?: string;
  /** the resource key: immutable after creation */
  key?: boolean;
  /** write-only secret: never prefilled; left empty on edit means "unchanged" */
  secret?: boolean;
  /** shown only when this returns true for the current value */
  when?: (value: Record<string, unknown>) => boolean;
  min?: number;
  /** for numbers the largest value, for rows the most rows */
  max?: number;
  /** kind "rows": a list of objects edited in place (a gateway's WAN links), each with these fields */
  item?: { label: MessageKey; add: MessageKey; fields: FieldSpec[]; blank: (index: number) => FormValue };
}

export type FormValue = Record<string, unknown>;

interface Props {
  fields: FieldSpec[];
  value: FormValue;
  onChange: (v: FormValue) => void;
  errors: Record<string, string>;
  editing: boolean;
  /** prefix for input ids, so two forms on one page never share an id */
  idPrefix: string;
}

interface FieldProps {
  spec: FieldSpec;
  value: FormValue;
  onChange: (v: FormValue) => void;
  errors: Record<string, string>;
  editing: boolean;
  idPrefix: string;
  /** where the value sits in the whole form ("wanLinks.1" for a row's fields) */
  parent?: string;
}

function Field({ spec, value, onChange, errors, editing, idPrefix, parent }: FieldProps) {
  const { t } = useI18n();
  const path = parent ? `${parent}.${spec.path}` : spec.path;
  const id = `${idPrefix}-${path}`;
  const error = errors[path];
  const v = getPath(value, spec.path);
  const set = (x: unknown) => onChange(setPath(value, spec.path, x));
  const options = (typeof spec.options === 'function' ? spec.options(value) : (spec.options ?? [])).map((o) => ({ value: o.value, label: o.labelKey ? t(o.labelKey) : o.label }));
  const common = {
    id,
    label: t(spec.label),
    description: spec.hint ? t(spec.hint) : spec.secret && editing ? t('form.secretUnchanged') : undefined,
    error,
    required: spec.required,
    placeholder: spec.placeholder,
    'data-field': path,
  };
  switch (spec.kind) {
    case 'text':
      return <TextInput {...common} value={(v as string) ?? ''} disabled={spec.key && editing} onChange={(e) => set(e.currentTarget.value)} />;
    case 'textarea':
      return <Textarea {...common} autosize minRows={2} value={(v as string) ?? ''} onChange={(e) => set(e.currentTarget.value)} />;
    case 'password':
      return <PasswordInput {...common} autoComplete="new-password" value={(v as string) ?? ''} onChange={(e) => set(e.currentTarget.value)} />;
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof v === 'number' ? v : ''}
          min={spec.min}
          max={spec.max}
          allowDecimal={false}
          onChange={(x) => set(typeof x === 'number' ? x : x === '' ? undefined : Number(x))}
        />
      );
    case 'switch':
      return (
        <Switch
          id={id}
          label={t(spec.label)}
          description={spec.hint ? t(spec.hint) : undefined}
          error={error}
          checked={Boolean(v)}
          onChange={(e) => set(e.currentTarget.checked)}
          data-field={path}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          data={options}
          // a value the options no longer hold (a WAN link of the gateway chosen before) shows as no choice
          value={v === undefined || v === null || !options.some((o) => o.value === String(v)) ? null : String(v)}
          allowDeselect={!spec.required}
          onChange={(x) => set(x === null ? undefined : spec.numeric ? Number(x) : x)}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'multiselect':
      return <MultiSelect {...common} data={options} value={(v as string[]) ?? []} onChange={set} searchable />;
    case 'list':
      return (
        <TagsInput
          {...common}
          description={common.description ?? t('form.listHint')}
          value={(v as string[]) ?? []}
          onChange={set}
          splitChars={[',', ' ']}
          acceptValueOnBlur
          clearable
        />
      );
    case 'rows':
      return <Rows spec={spec} rows={(v as FormValue[] | undefined) ?? []} set={set} errors={errors} editing={editing} idPrefix={idPrefix} path={path} />;
  }
}

/** A list of objects edited in place: one bordered block per row, its errors beside its own inputs. */
function Rows({ spec, rows, set, errors, editing, idPrefix, path }: { spec: FieldSpec; rows: FormValue[]; set: (rows: FormValue[]) => void; errors: Record<string, string>; editing: boolean; idPrefix: string; path: string }) {
  const { t } = useI18n();
  const item = spec.item!;
  const labelId = `${idPrefix}-${path}-label`;
  return (
    <div role="group" aria-labelledby={labelId} data-field={path}>
      <Input.Label id={labelId}>{t(spec.label)}</Input.Label>
      {spec.hint && <Input.Description mb={6}>{t(spec.hint)}</Input.Description>}
      {errors[path] && <Input.Error mb={6}>{errors[path]}</Input.Error>}
      <Stack gap="xs">
        {rows.map((row, i) => {
          const title = `${t(item.label)} ${i + 1}`;
          return (
            <Paper key={i} withBorder p="sm" radius="md" role="group" aria-label={title} data-row-index={i}>
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="xs">
                {item.fields.map((f) => (
                  <Field key={f.path} spec={f} value={row} onChange={(next) => set(rows.map((r, j) => (j === i ? next : r)))} errors={errors} editing={editing} idPrefix={idPrefix} parent={`${path}.${i}`} />
                ))}
              </SimpleGrid>
              <Group justify="flex-end" mt="xs">
                <Button size="compact-xs" variant="subtle" color="red" onClick={() => set(rows.filter((_, j) => j !== i))}>
                  {t('form.removeRow', { name: title })}
                </Button>
              </Group>
            </Paper>
          );
        })}
        <Group>
          <Button size="xs" variant="light" disabled={spec.max !== undefined && rows.length >= spec.max} onClick={() => set([...rows, item.blank(rows.length)])} data-testid={`add-${path}`}>
            {t(item.add)}
          </Button>
        </Group>
      </Stack>
    </div>
  );
}

/** Renders field specs, grouped in tabs when the specs name tabs, with the API's errors beside each field. */
export function ResourceForm({ fields, value, onChange, errors, editing, idPrefix }: Props): ReactNode {
  const { t } = useI18n();
  const visible = fields.filter((f) => !f.when || f.when(value));
  const render = (list: FieldSpec[]) => (
    <Stack gap="sm">
      {list.map((f) => (
        <Field key={f.path} spec={f} value={value} onChange={onChange} errors={errors} editing={editing} idPrefix={idPrefix} />
      ))}
    </Stack>
  );
  const tabs = [...new Set(visible.map((f) => f.tab).filter((x): x is MessageKey => x !== undefined))];
  if (tabs.length <= 1) return render(visible);
  const tabHasError = (tab: MessageKey) => visible.some((f) => f.tab === tab && errorWithin(errors, f.path));
  return (
    <Tabs defaultValue={tabs[0]} keepMounted={false}>
      <Tabs.List mb="md">
        {tabs.map((tab) => (
          <Tabs.Tab key={tab} value={tab} color={tabHasError(tab) ? 'red' : undefined} c={tabHasError(tab) ? 'red' : undefined}>
            {t(tab)}
            {tabHasError(tab) ? ' •' : ''}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {tabs.map((tab) => (
        <Tabs.Panel key={tab} value={tab}>
          {render(visible.filter((f) => f.tab === tab))}
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}
