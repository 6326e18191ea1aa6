import { describe, expect, it } from 'vitest';
import { mapIssues } from '../field-errors.js';
import { cleanPayload, errorWithin, formPaths } from './form-payload.js';
import type { FieldSpec } from './resource-form.js';

const fields: FieldSpec[] = [
  { path: 'name', label: 'field.name', kind: 'text', required: true, key: true },
  { path: 'description', label: 'field.description', kind: 'text' },
  { path: 'protocol', label: 'policy.protocol', kind: 'select', required: true },
  { path: 'ports', label: 'policy.ports', kind: 'text', when: (v) => v.protocol === 'tcp' },
  { path: 'psk', label: 'site.psk', kind: 'password', secret: true },
  { path: 'dpd.delay', label: 'site.dpdDelay', kind: 'number' },
  { path: 'enabled', label: 'field.enabled', kind: 'switch' },
  {
    path: 'wanLinks', label: 'gateway.wanLinks', kind: 'rows',
    item: { label: 'gateway.wanLink', add: 'gateway.addWanLink', blank: () => ({}), fields: [
      { path: 'name', label: 'field.name', kind: 'text', required: true },
      { path: 'address', label: 'gateway.address', kind: 'text' },
    ] },
  },
];

describe('cleanPayload', () => {
  const draft = { name: 'x', description: '', protocol: 'any', ports: '443', psk: '', dpd: { preset: 'fast' }, enabled: false, wanLinks: [{ name: 'wan1', address: '' }] };

  it('edit: emptied and hidden optional fields become null, nested ones inside their object', () => {
    expect(cleanPayload(fields, draft, true)).toEqual({
      description: null, protocol: 'any', ports: null, dpd: { preset: 'fast', delay: null }, enabled: false, wanLinks: [{ name: 'wan1' }],
    });
  });

  it('create: emptied and hidden optional fields are left out', () => {
    expect(cleanPayload(fields, draft, false)).toEqual({ name: 'x', protocol: 'any', dpd: { preset: 'fast' }, enabled: false, wanLinks: [{ name: 'wan1' }] });
  });

  it('keeps filled fields and a new secret', () => {
    const v = { name: 'x', description: 'd', protocol: 'tcp', ports: '443', psk: 'new-secret', dpd: { delay: 10 }, wanLinks: [] };
    expect(cleanPayload(fields, v, true)).toEqual({ description: 'd', protocol: 'tcp', ports: '443', psk: 'new-secret', dpd: { delay: 10 }, wanLinks: [] });
  });
});

describe('formPaths', () => {
  it("lists every row's members, so an issue lands on the row's own input", () => {
    const value = { wanLinks: [{ name: 'a' }, { name: 'b' }] };
    const paths = formPaths(fields, value);
    expect(paths).toContain('wanLinks.1.address');
    const mapped = mapIssues([{ path: 'wanLinks.1.name', message: 'duplicate' }, { path: 'wanLinks', message: 'in use' }], paths);
    expect(mapped.fields).toEqual({ 'wanLinks.1.name': 'duplicate', wanLinks: 'in use' });
    expect(errorWithin(mapped.fields, 'wanLinks')).toBe(true);
    expect(errorWithin({ 'wanLinksX.0': 'x' }, 'wanLinks')).toBe(false);
  });
});
