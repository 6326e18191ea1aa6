import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healthOf } from './status.js';
import type { ChildStatus, IkeStatus } from './status.js';

const ike = (state: string): IkeStatus => ({ uniqueid: '1', state });
const child = (name: string, state: string): ChildStatus => ({
  name, uniqueid: `${name}-1`, state, bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0, localTs: [], remoteTs: [],
});

test('IKE up with every expected CHILD_SA installed is up', () => {
  assert.deepEqual(healthOf([ike('ESTABLISHED')], [child('lan', 'INSTALLED')], ['lan']), { health: 'up', missing: [] });
});

test('IKE up without a CHILD_SA is degraded, never up', () => {
  assert.equal(healthOf([ike('ESTABLISHED')], [], ['lan']).health, 'degraded');
  assert.equal(healthOf([ike('ESTABLISHED')], [], []).health, 'degraded');
});

test('one of two expected CHILD_SAs missing is degraded and names the missing one', () => {
  assert.deepEqual(healthOf([ike('ESTABLISHED')], [child('a', 'INSTALLED')], ['a', 'b']), { health: 'degraded', missing: ['b'] });
});

test('connecting and down', () => {
  assert.equal(healthOf([ike('CONNECTING')], [], ['lan']).health, 'connecting');
  assert.equal(healthOf([ike('ESTABLISHED')], [child('lan', 'INSTALLING')], ['lan']).health, 'connecting');
  assert.equal(healthOf([], [], ['lan']).health, 'down');
  assert.equal(healthOf([ike('DELETING')], [], ['lan']).health, 'down');
});

test('a rekeying IKE_SA with an installed CHILD_SA stays up', () => {
  assert.equal(healthOf([ike('REKEYING')], [child('lan', 'REKEYING')], ['lan']).health, 'up');
});
