import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Gateway, StatusResponse } from '../api-types.js';
import { fakeApi, renderPage } from '../test-support.js';
import { DashboardPage } from './dashboard.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const gateways: Gateway[] = [{ name: 'hq', description: '', lanSubnets: [], wanLinks: [{ name: 'wan1', interface: 'eth0', priority: 100 }, { name: 'wan2', interface: 'eth1', priority: 200 }] }];
const status: StatusResponse = {
  version: 'test',
  wan: {
    up: 1, degraded: 1, down: 0,
    links: [
      { gateway: 'hq', wanLink: 'wan1', interface: 'eth0', health: 'up', linkUp: true, lossPercent: 0, rttMs: 1.4, sent: 60, since: '2026-12-08T00:00:00Z' },
      { gateway: 'hq', wanLink: 'wan2', interface: 'eth1', health: 'degraded', reason: 'loss 8.3% over the last 60 probes', linkUp: true, lossPercent: 8.3, rttMs: 20, sent: 60, since: '2026-12-08T00:00:00Z' },
    ],
  },
};

describe('dashboard', () => {
  it("shows each gateway's WAN links with their health, loss and RTT from /api/status", async () => {
    fakeApi({ 'GET /api/sites': { body: { items: [] } }, 'GET /api/gateways': { body: { items: gateways } }, 'GET /api/status': { body: status } });
    renderPage(<DashboardPage />);
    await waitFor(() => expect(screen.getByTestId('wan-hq-wan2').textContent).toBe('wan2: degraded (loss > 3 %) · 8.3% · 20 ms'));
    expect(screen.getByTestId('wan-hq-wan1').textContent).toBe('wan1: up · 0% · 1.4 ms');
  });
});
