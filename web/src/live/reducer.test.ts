import { describe, expect, it } from 'vitest';
import type { SiteStatus } from '../api-types.js';
import { actionFromMessage, initialLive, liveReducer, MAX_EVENTS, normalizeStatus, rates, type LiveAction } from './reducer.js';

const status = (name: string, bytesIn: number, bytesOut: number, health: SiteStatus['health'] = 'up'): SiteStatus => ({
  name,
  ike: { state: 'ESTABLISHED' },
  child: { state: 'INSTALLED' },
  health,
  bytesIn,
  bytesOut,
  packetsIn: 0,
  packetsOut: 0,
});

const run = (actions: LiveAction[]) => actions.reduce(liveReducer, initialLive);

describe('liveReducer', () => {
  it('keeps the latest status per site and a traffic series', () => {
    const s = run([
      { type: 'site', status: status('a', 0, 0), at: 1000 },
      { type: 'site', status: status('a', 1000, 500), at: 2000 },
      { type: 'site', status: status('b', 5, 5, 'down'), at: 2000 },
    ]);
    expect(s.sites.a?.bytesIn).toBe(1000);
    expect(s.sites.b?.health).toBe('down');
    expect(s.traffic.a).toHaveLength(2);
    expect(rates(s.traffic.a!)).toEqual([[2], [1000], [500]]);
  });

  it('restarts a series when counters go backwards (SA re-established)', () => {
    const s = run([
      { type: 'site', status: status('a', 9000, 9000), at: 1000 },
      { type: 'site', status: status('a', 10, 10), at: 2000 },
    ]);
    expect(s.traffic.a).toEqual([{ t: 2000, bytesIn: 10, bytesOut: 10 }]);
  });

  it('adds and removes sessions', () => {
    const session = { id: '7', server: 'staff', username: 'alice', realAddress: '198.18.0.2', tunnelAddress: '198.19.99.2', since: '', bytesIn: 0, bytesOut: 0 };
    const up = run([{ type: 'session', change: 'connect', session }]);
    expect(Object.keys(up.sessions)).toEqual(['7']);
    const down = liveReducer(up, { type: 'session', change: 'disconnect', session });
    expect(down.sessions).toEqual({});
  });

  it('keeps events newest first, without duplicates, bounded', () => {
    const ev = (id: number) => ({ id, at: new Date(id * 1000).toISOString(), kind: 'k', source: 's', subject: 'x', severity: 'info', detail: '' });
    let s = liveReducer(initialLive, { type: 'events-snapshot', events: [ev(1), ev(3), ev(2)] });
    s = liveReducer(s, { type: 'event', event: ev(4) });
    s = liveReducer(s, { type: 'event', event: ev(4) });
    expect(s.events.map((e) => e.id)).toEqual([4, 3, 2, 1]);
    for (let i = 10; i < 10 + MAX_EVENTS + 5; i++) s = liveReducer(s, { type: 'event', event: ev(i) });
    expect(s.events).toHaveLength(MAX_EVENTS);
    expect(s.events[0]?.id).toBe(10 + MAX_EVENTS + 4);
  });

  it('does not change state for a repeated connection flag', () => {
    const s = liveReducer(initialLive, { type: 'connection', connected: false });
    expect(s).toBe(initialLive);
  });
});

describe('normalizeStatus', () => {
  it('reads the engine lists: first IKE_SA, CHILD_SAs installed out of expected', () => {
    const s = normalizeStatus({
      name: 'hq', health: 'degraded', enabled: true,
      ikeSas: [{ uniqueid: '1', state: 'ESTABLISHED' }],
      children: [{ name: 'lan', state: 'INSTALLED' }], missingChildren: ['lan2'],
      bytesIn: 10, bytesOut: 20, packetsIn: 1, packetsOut: 2, lastChange: { at: '2026-11-22T02:00:00.000Z', kind: 'site.child-down', reason: 'DPD timeout' },
    });
    expect(s).toMatchObject({ health: 'degraded', ike: { state: 'ESTABLISHED' }, child: { state: '1/2' }, bytesOut: 20, lastChange: { reason: 'DPD timeout' } });
  });
  it('lists the subnet pairs no CHILD_SA carries', () => {
    const s = normalizeStatus({
      name: 'hq', health: 'degraded', enabled: true, ikeSas: [{ uniqueid: '1', state: 'ESTABLISHED' }], children: [{ name: 'hq', state: 'INSTALLED' }], missingChildren: [],
      pairs: [{ local: '198.19.1.0/24', remote: '198.19.2.0/24', state: 'up', child: 'hq' }, { local: '198.19.3.0/24', remote: '198.19.2.0/24', state: 'missing', child: 'hq' }],
    });
    expect(s.missingPairs).toEqual(['198.19.3.0/24 <-> 198.19.2.0/24']);
    expect(normalizeStatus({ name: 'b', health: 'up', pairs: [{ local: '198.19.1.0/24', remote: '198.19.2.0/24', state: 'up' }] }).missingPairs).toBeUndefined();
  });
  it('keeps the API spec shape and marks disabled sites', () => {
    const s = normalizeStatus({ name: 'b', health: 'down', enabled: false, ike: { state: 'CONNECTING' }, child: { state: '' } });
    expect(s.health).toBe('disabled');
    expect(s.ike.state).toBe('CONNECTING');
    expect(s.bytesIn).toBe(0);
  });
});

describe('actionFromMessage', () => {
  it('parses the three SSE event types', () => {
    expect(actionFromMessage('site', JSON.stringify(status('a', 1, 2)), 5)).toMatchObject({ type: 'site', at: 5, status: { bytesOut: 2 } });
    expect(actionFromMessage('session', JSON.stringify({ type: 'connect', session: { id: 3 } }), 0)).toMatchObject({
      type: 'session', change: 'connect', session: { id: '3' },
    });
    expect(actionFromMessage('event', JSON.stringify({ id: 'e1', kind: 'k' }), 0)).toMatchObject({ type: 'event' });
  });
  it('asks for a fetch when a site message carries no status', () => {
    expect(actionFromMessage('site', JSON.stringify({ name: 'hq', child: 'lan', reason: 'DPD' }), 0)).toEqual({ type: 'site-stale', name: 'hq' });
  });
  it('drops malformed or unknown messages', () => {
    expect(actionFromMessage('site', '{not json', 0)).toBeUndefined();
    expect(actionFromMessage('site', '{}', 0)).toBeUndefined();
    expect(actionFromMessage('site', 'null', 0)).toBeUndefined();
    expect(actionFromMessage('session', JSON.stringify({ type: 'weird', session: { id: 1 } }), 0)).toBeUndefined();
    expect(actionFromMessage('other', '{"id":1}', 0)).toBeUndefined();
  });
});
