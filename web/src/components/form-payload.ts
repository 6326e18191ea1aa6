/**
 * From a form's draft to the API's body, and from the API's issue paths back to the form's inputs. Pure,
 * so the rules that decide what an edit sends are tested without a browser.
 */
import { getPath, setPath } from '../field-errors.js';
import type { FieldSpec, FormValue } from './resource-form.js';

const isEmpty = (v: unknown) => v === '' || v === undefined || v === null;

/**
 * The body of a create (POST) or an edit (PATCH, a JSON merge patch). Empty write-only fields and the
 * immutable key are left out ("unchanged"). An empty optional field is left out of a create, and sent as
 * `null` in an edit, which removes it: leaving it out would keep the old value the administrator erased.
 * A field hidden by its `when` is treated as emptied. Inside a list of rows (WAN links) empty members are
 * left out, because the list is sent whole.
 */
export function cleanPayload(fields: FieldSpec[], value: FormValue, editing: boolean): FormValue {
  let out = value;
  for (const f of fields) {
    const v = getPath(out, f.path);
    const hidden = f.when !== undefined && !f.when(value);
    if ((f.key && editing) || (f.secret && (isEmpty(v) || hidden))) {
      out = dropPath(out, f.path);
    } else if (hidden || (f.kind !== 'switch' && isEmpty(v) && !f.required)) {
      // setPath creates the parents: a nested null reaches the API inside its object
      out = editing ? setPath(out, f.path, null) : dropPath(out, f.path);
    } else if (f.kind === 'rows' && Array.isArray(v)) {
      out = setPath(out, f.path, v.map((item: FormValue) => cleanPayload(f.item?.fields ?? [], item, false)));
    }
  }
  return out;
}

/**
 * The paths errors can land on: each field's, and for a list of rows each row's members
 * ("wanLinks.1.interface"), so an issue on the second WAN link's interface shows under that input.
 */
export function formPaths(fields: FieldSpec[], value: FormValue): string[] {
  return fields.flatMap((f) => {
    const rows = f.kind === 'rows' ? getPath(value, f.path) : undefined;
    if (!Array.isArray(rows)) return [f.path];
    return [f.path, ...rows.flatMap((_, i) => (f.item?.fields ?? []).map((s) => `${f.path}.${i}.${s.path}`))];
  });
}

/** Whether an error belongs to this field or to one of its rows. */
export const errorWithin = (errors: Record<string, string>, path: string): boolean =>
  Object.keys(errors).some((k) => k === path || k.startsWith(`${path}.`));

function dropPath(obj: FormValue, path: string): FormValue {
  const [head, ...rest] = path.split('.');
  if (head === undefined || !(head in obj)) return obj;
  const copy = { ...obj };
  if (rest.length === 0) delete copy[head];
  else if (copy[head] && typeof copy[head] === 'object') copy[head] = dropPath(copy[head] as FormValue, rest.join('.'));
  return copy;
}
