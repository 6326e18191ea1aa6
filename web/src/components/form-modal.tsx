import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../api.js';
import { mapIssues } from '../field-errors.js';
import { useI18n } from '../i18n/index.js';
import { formPaths } from './form-payload.js';
import { ResourceForm, type FieldSpec, type FormValue } from './resource-form.js';
import { useToast } from './toasts.js';

interface Props {
  opened: boolean;
  title: string;
  fields: FieldSpec[];
  initial: FormValue;
  editing: boolean;
  onClose: () => void;
  /** throws ApiError with issues to put errors on fields */
  onSubmit: (value: FormValue) => Promise<void>;
  submitLabel?: string;
  idPrefix: string;
  size?: string;
  children?: ReactNode;
}

/** Create/edit dialog: holds the draft, submits it, and shows the API's per-field errors in place. */
export function FormModal(props: Props) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} size={props.size ?? 'lg'} fullScreen={false} centered>
      {props.opened && <FormBody {...props} />}
    </Modal>
  );
}

function FormBody({ fields, initial, editing, onClose, onSubmit, submitLabel, idPrefix, children }: Props) {
  const { t } = useI18n();
  const toast = useToast();
  const [value, setValue] = useState<FormValue>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await onSubmit(value);
      setErrors({});
      setGeneral([]);
    } catch (e) {
      if (e instanceof ApiError && (e.issues.length > 0 || e.status === 400 || e.status === 409)) {
        const mapped = mapIssues(e.issues, formPaths(fields, value));
        setErrors(mapped.fields);
        setGeneral(mapped.general.length || Object.keys(mapped.fields).length ? mapped.general : [e.message]);
      } else {
        toast.fail(e);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="md">
        {general.length > 0 && (
          <Alert color="red" variant="light" role="alert" title={t('form.fixErrors')}>
            {general.map((g) => (
              <div key={g}>{g}</div>
            ))}
          </Alert>
        )}
        {Object.keys(errors).length > 0 && general.length === 0 && (
          <Alert color="red" variant="light" role="alert">
            {t('form.fixErrors')}
          </Alert>
        )}
        {children}
        <ResourceForm fields={fields} value={value} onChange={setValue} errors={errors} editing={editing} idPrefix={idPrefix} />
        <Group justify="flex-end" gap="xs" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('action.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {submitLabel ?? (editing ? t('action.save') : t('action.create'))}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
