import { describe, expect, it } from 'vitest';
import { getPath, mapIssues, setPath } from './field-errors.js';

describe('mapIssues', () => {
  const fields = ['name', 'ike.proposals', 'ike.lifetime', 'localSubnets', 'dpd.delay'];

  it('puts an issue on the field with the same path', () => {
    const r = mapIssues([{ path: 'name', message: 'taken' }], fields);
    expect(r.fields).toEqual({ name: 'taken' });
    expect(r.general).toEqual([]);
  });

  it('puts a list element issue on its list field, numbered from one', () => {
    const r = mapIssues([{ path: 'ike.proposals.0', message: 'unknown algorithm "aes999"' }], fields);
    expect(r.fields['ike.proposals']).toBe('#1: unknown algorithm "aes999"');
  });

  it('joins several issues on one field', () => {
    const r = mapIssues(
      [
        { path: 'localSubnets.1', message: 'overlaps' },
        { path: 'localSubnets.3', message: 'bad' },
      ],
      fields,
    );
    expect(r.fields.localSubnets).toBe('#2: overlaps; #4: bad');
  });

  it('does not let a field claim a sibling whose name merely starts the same', () => {
    const r = mapIssues([{ path: 'names', message: 'x' }], fields);
    expect(r.fields).toEqual({});
    expect(r.general).toEqual(['names: x']);
  });

  it('keeps issues with no field as general messages', () => {
    const r = mapIssues([{ path: '', message: 'ports need protocol tcp or udp' }], fields);
    expect(r.general).toEqual(['ports need protocol tcp or udp']);
  });
});

describe('paths', () => {
  it('sets and reads nested values without touching the original', () => {
    const a = { ike: { lifetime: 1 }, name: 'x' };
    const b = setPath(a, 'ike.lifetime', 7200);
    expect(getPath(b, 'ike.lifetime')).toBe(7200);
    expect(a.ike.lifetime).toBe(1);
    expect(getPath(setPath({}, 'dpd.preset', 'fast'), 'dpd.preset')).toBe('fast');
  });
});
