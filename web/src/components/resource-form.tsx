import { MultiSelect, NumberInput, PasswordInput, Select, Stack, Switch, Tabs, TagsInput, Textarea, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { getPath, setPath } from '../field-errors.js';
import { useI18n, type MessageKey } from '../i18n/index.js';

export interface Option {
  value: string;
  label: string;
}

export interface FieldSpec {
  path: string;
  label: MessageKey;
  kind: 'text' | 'password' | 'number' | 'switch' | 'select' | 'list' | 'multiselect' | 'textarea';
  hint?: MessageKey;
  tab?: MessageKey;
  options?: Option[];
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
  max?: number;
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

function Field({ spec, value, onChange, error, editing, id }: { spec: FieldSpec; value: FormValue; onChange: (v: FormValue) => void; error?: string; editing: boolean; id: string }) {
  const { t } = useI18n();
  const v = getPath(value, spec.path);
  const set = (x: unknown) => onChange(setPath(value, spec.path, x));
  const common = {
    id,
    label: t(spec.label),
    description: spec.hint ? t(spec.hint) : spec.secret && editing ? t('form.secretUnchanged') : undefined,
    error,
    required: spec.required,
    placeholder: spec.placeholder,
    'data-field': spec.path,
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
          data-field={spec.path}
        />
      );
    case 'select':
      return (
        <Select
          {...common}
          data={spec.options ?? []}
          value={v === undefined || v === null ? null : String(v)}
          allowDeselect={!spec.required}
          onChange={(x) => set(x === null ? undefined : spec.numeric ? Number(x) : x)}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'multiselect':
      return <MultiSelect {...common} data={spec.options ?? []} value={(v as string[]) ?? []} onChange={set} searchable />;
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
  }
}

/** Renders field specs, grouped in tabs when the specs name tabs, with the API's errors beside each field. */
export function ResourceForm({ fields, value, onChange, errors, editing, idPrefix }: Props): ReactNode {
  const { t } = useI18n();
  const visible = fields.filter((f) => !f.when || f.when(value));
  const render = (list: FieldSpec[]) => (
    <Stack gap="sm">
      {list.map((f) => (
        <Field key={f.path} spec={f} value={value} onChange={onChange} error={errors[f.path]} editing={editing} id={`${idPrefix}-${f.path}`} />
      ))}
    </Stack>
  );
  const tabs = [...new Set(visible.map((f) => f.tab).filter((x): x is MessageKey => x !== undefined))];
  if (tabs.length <= 1) return render(visible);
  const tabHasError = (tab: MessageKey) => visible.some((f) => f.tab === tab && errors[f.path]);
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

/** Drops empty write-only fields and empty optional strings, so "unchanged" and "absent" never reach the API as "". */
export function cleanPayload(fields: FieldSpec[], value: FormValue, editing: boolean): FormValue {
  let out = value;
  for (const f of fields) {
    const v = getPath(out, f.path);
    const empty = v === '' || v === undefined || v === null;
    if ((f.secret && empty) || (f.kind !== 'switch' && empty && !f.required) || (f.key && editing)) {
      out = dropPath(out, f.path);
    }
    if (f.when && !f.when(value)) out = dropPath(out, f.path);
  }
  return out;
}

function dropPath(obj: FormValue, path: string): FormValue {
  const [head, ...rest] = path.split('.');
  if (head === undefined || !(head in obj)) return obj;
  const copy = { ...obj };
  if (rest.length === 0) delete copy[head];
  else if (copy[head] && typeof copy[head] === 'object') copy[head] = dropPath(copy[head] as FormValue, rest.join('.'));
  return copy;
}
