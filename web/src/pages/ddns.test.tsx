import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Gateway } from '../api-types.js';
import { bodyOf, fakeApi, input, openEdit, renderPage } from '../test-support.js';
import { DdnsPage, type DdnsResponse } from './ddns.js';

const gateways: Gateway[] = [
  { name: 'hq', description: '', lanSubnets: [], wanLinks: [{ name: 'wan1', interface: 'eth0', priority: 100 }, { name: 'wan2', interface: 'eth1', priority: 200 }] },
  { name: 'branch', description: '', lanSubnets: [], wanLinks: [{ name: 'lte', interface: 'wwan0', priority: 100 }] },
];
const existing: DdnsResponse = { name: 'hq-cf', description: '', gateway: 'hq', wanLink: 'wan2', kind: 'cloudflare', hostname: 'hq.example.org', username: 'ops@example.org', endpoint: 'https://api.example.org/dns', priority: 1, secretSet: true };

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const optionsOf = (id: string) => {
  fireEvent.click(input(id));
  return screen.getAllByRole('option').map((o) => o.textContent);
};

describe('DDNS page', () => {
  it('lists which WAN link of which gateway each provider publishes, and its priority', async () => {
    fakeApi({ 'GET /api/gateways': { body: { items: gateways } }, 'GET /api/ddns': { body: { items: [existing] } } });
    renderPage(<DdnsPage />);
    await waitFor(() => expect(screen.getByTestId('ddns-serves-hq-cf').textContent).toBe('hqwan2 (eth1)'));
    expect(screen.getByTestId('ddns-priority-hq-cf').textContent).toBe('1');
    const row = screen.getByTestId('table-ddns').querySelector('[data-row="hq-cf"]') as HTMLElement;
    expect(within(row).getByText('Set')).toBeTruthy();
    expect(row.textContent).not.toContain('secret');
  });

  it("shows each provider's last result from the publisher: state, the address it holds, and a failure's code", async () => {
    const other: DdnsResponse = { ...existing, name: 'hq-bind', kind: 'rfc2136', priority: 0 };
    fakeApi({
      'GET /api/gateways': { body: { items: gateways } },
      'GET /api/ddns': { body: { items: [existing, other] } },
      'GET /api/ddns-status': { body: { items: [
        { name: 'hq-bind', gateway: 'hq', wanLink: 'wan2', kind: 'rfc2136', hostname: 'hq.example.org', priority: 0, state: 'verified', address: '198.18.10.2', failures: 0 },
        { name: 'hq-cf', gateway: 'hq', wanLink: 'wan2', kind: 'cloudflare', hostname: 'hq.example.org', priority: 1, state: 'failed', address: '198.18.10.1', failures: 2, lastError: { code: 'badauth', message: 'Cloudflare rejected the API token' } },
      ], links: [] } },
    });
    renderPage(<DdnsPage />);
    await waitFor(() => expect(screen.getByTestId('ddns-state-hq-bind').textContent).toBe('Published, checked'));
    expect(screen.getByTestId('ddns-state-hq-cf').textContent).toBe('Failed');
    expect(screen.getByTestId('ddns-error-hq-cf').textContent).toBe('badauth');
    const row = screen.getByTestId('table-ddns').querySelector('[data-row="hq-bind"]') as HTMLElement;
    expect(row.textContent).toContain('198.18.10.2');
  });

  it("offers the chosen gateway's WAN links and sends no empty optional field on create", async () => {
    const sent = fakeApi({
      'GET /api/gateways': { body: { items: gateways } },
      'GET /api/ddns': { body: { items: [] } },
      'POST /api/ddns': (body) => ({ status: 201, body }),
    });
    renderPage(<DdnsPage />);
    await waitFor(() => expect(sent.some((r) => r.path === '/api/gateways')).toBe(true));
    fireEvent.click(await screen.findByTestId('create-ddns'));
    await screen.findByRole('dialog');
    expect(input('new-ddns-wanLink').value).toBe('wan1 (eth0)');
    expect(optionsOf('new-ddns-wanLink')).toEqual(['wan1 (eth0)', 'wan2 (eth1)']);
    fireEvent.click(input('new-ddns-gateway'));
    fireEvent.click(screen.getByRole('option', { name: 'branch' }));
    expect(input('new-ddns-wanLink').value, 'a link of the other gateway is no choice here').toBe('');
    expect(optionsOf('new-ddns-wanLink')).toEqual(['lte (wwan0)']);
    fireEvent.click(screen.getByRole('option', { name: 'lte (wwan0)' }));
    fireEvent.change(input('new-ddns-name'), { target: { value: 'branch-duck' } });
    fireEvent.change(input('new-ddns-hostname'), { target: { value: 'branch.example.org' } });
    fireEvent.change(input('new-ddns-secret'), { target: { value: 'duck-token' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await bodyOf(sent, 'POST')).toEqual({
      name: 'branch-duck', gateway: 'branch', wanLink: 'lte', kind: 'dyndns2', hostname: 'branch.example.org', priority: 0, secret: 'duck-token',
    });
  }, 20_000); // the form has a dozen fields; on a loaded shared machine its rendering alone nears vitest's 5 s default

  it('clears an emptied endpoint and username on edit and keeps the secret it never saw', async () => {
    const sent = fakeApi({
      'GET /api/gateways': { body: { items: gateways } },
      'GET /api/ddns': { body: { items: [existing] } },
      'PATCH /api/ddns/hq-cf': { body: existing },
    });
    renderPage(<DdnsPage />);
    await openEdit('hq-cf');
    expect(input('edit-ddns-secret').value).toBe('');
    fireEvent.change(input('edit-ddns-endpoint'), { target: { value: '' } });
    fireEvent.change(input('edit-ddns-username'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const body = await bodyOf(sent, 'PATCH');
    expect(body).toMatchObject({ endpoint: null, username: null, hostname: 'hq.example.org', wanLink: 'wan2', priority: 1 });
    expect(body).not.toHaveProperty('secret');
    expect(body).not.toHaveProperty('name');
  }, 20_000);
});
