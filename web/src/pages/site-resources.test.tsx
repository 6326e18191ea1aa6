import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Gateway } from '../api-types.js';
import { ResourcePage } from '../components/resource-page.js';
import { fakeApi, input, openEdit, renderPage } from '../test-support.js';
import { gatewayConfig } from './site-resources.js';

const hq: Gateway = { name: 'hq', description: '', lanSubnets: ['198.18.10.0/24'], wanLinks: [{ name: 'wan1', interface: 'eth0', address: '198.18.0.1', priority: 100 }] };

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const patches = (sent: ReturnType<typeof fakeApi>) => sent.filter((r) => r.method === 'PATCH').map((r) => r.body as { wanLinks: Array<Record<string, unknown>> });

describe('gateway WAN links', () => {
  it("edits links in place and puts the API's error on the right link's field", async () => {
    let attempt = 0;
    const sent = fakeApi({
      'GET /api/gateways': { body: { items: [hq] } },
      'PATCH /api/gateways/hq': (body) =>
        ++attempt === 1
          ? { status: 400, body: { error: 'validation', message: 'invalid', issues: [{ path: 'wanLinks.1.interface', message: 'a Linux interface name (1-15 characters)' }] } }
          : { body },
    });
    renderPage(<ResourcePage config={gatewayConfig} />);
    await openEdit('hq');
    expect(input('edit-gateways-wanLinks.0.interface').value).toBe('eth0');

    fireEvent.click(screen.getByTestId('add-wanLinks'));
    expect(input('edit-gateways-wanLinks.1.name').value).toBe('wan2');
    fireEvent.change(input('edit-gateways-wanLinks.1.interface'), { target: { value: 'eth 1' } });
    fireEvent.change(input('edit-gateways-wanLinks.0.address'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(input('edit-gateways-wanLinks.1.interface').getAttribute('aria-invalid')).toBe('true'));
    expect(input('edit-gateways-wanLinks.0.interface').getAttribute('aria-invalid')).not.toBe('true');
    expect(input('edit-gateways-wanLinks.1.name').getAttribute('aria-invalid')).not.toBe('true');
    const describedBy = input('edit-gateways-wanLinks.1.interface').getAttribute('aria-describedby') ?? '';
    const errorEl = describedBy.split(' ').map((id) => document.getElementById(id)).find((el) => el?.textContent?.includes('Linux interface'));
    expect(errorEl?.textContent).toBe('a Linux interface name (1-15 characters)');
    // the whole list is sent; a member emptied inside a row is left out, not nulled
    expect(patches(sent)[0]!.wanLinks).toEqual([
      { name: 'wan1', interface: 'eth0', priority: 100 },
      { name: 'wan2', interface: 'eth 1', priority: 200 },
    ]);

    fireEvent.change(input('edit-gateways-wanLinks.1.interface'), { target: { value: 'eth1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove WAN link 1' }));
    expect(input('edit-gateways-wanLinks.0.name').value).toBe('wan2');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(patches(sent)).toHaveLength(2));
    expect(patches(sent)[1]!.wanLinks).toEqual([{ name: 'wan2', interface: 'eth1', priority: 200 }]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('puts an issue about the list as a whole above the links', async () => {
    fakeApi({
      'GET /api/gateways': { body: { items: [hq] } },
      'PATCH /api/gateways/hq': { status: 400, body: { error: 'validation', message: 'invalid', issues: [{ path: 'wanLinks', message: 'WAN link "wan1" is used by DDNS provider "hq-wan1"' }] } },
    });
    renderPage(<ResourcePage config={gatewayConfig} />);
    await openEdit('hq');
    fireEvent.click(screen.getByRole('button', { name: 'Remove WAN link 1' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const group = screen.getByRole('group', { name: 'WAN links' });
    await waitFor(() => expect(group.textContent).toContain('used by DDNS provider "hq-wan1"'));
  });
});
