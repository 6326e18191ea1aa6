import { describe, expect, it } from 'vitest';
import { freeName, freePool, freePort, publicAddressOf } from './free-values.js';

describe('wizard proposals', () => {
  it('propose a name, a port and a pool that are not taken', () => {
    expect(freeName('staff', [])).toBe('staff');
    expect(freeName('staff', ['staff', 'staff-2'])).toBe('staff-3');
    const servers = [{ name: 'staff', gateway: 'hq', proto: 'udp' as const, port: 1194, pool: '198.19.99.0/24' }];
    expect(freePort(1194, servers, 'hq')).toBe(1195);
    expect(freePort(1194, servers, 'hq', 'tcp')).toBe(1194);
    expect(freePort(1194, servers, 'branch')).toBe(1194);
    expect(freePool(servers)).toBe('198.19.100.0/24');
    expect(freePool([], ['198.19.99.0/24'])).toBe('198.19.100.0/24');
  });

  it('take the public address from the preferred WAN link, its DNS name first', () => {
    expect(publicAddressOf(undefined)).toBe('');
    expect(publicAddressOf({ wanLinks: [{ name: 'b', interface: 'eth1', address: '198.18.0.9', priority: 200 }, { name: 'a', interface: 'eth0', address: '198.18.0.1', priority: 100 }] })).toBe('198.18.0.1');
    expect(publicAddressOf({ wanLinks: [{ name: 'a', interface: 'eth0', address: '198.18.0.1', fqdn: 'vpn.example.com', priority: 100 }] })).toBe('vpn.example.com');
  });
});
