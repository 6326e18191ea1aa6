import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UserResponse } from '../api-types.js';
import { bodyOf, fakeApi, input, openEdit, renderPage } from '../test-support.js';
import { UsersPage } from './users.js';

const until = new Date(Date.now() + 5 * 60_000).toISOString();
const alice: UserResponse = {
  username: 'alice', displayName: 'Alice Chen', email: 'alice@example.com', staticIp: '198.19.99.50', maxSessions: 2, groups: [], disabled: false, description: '',
  passwordSet: true, lockout: { locked: true, until, recentFailures: 5, remaining: 0 },
};
const bob: UserResponse = { username: 'bob', displayName: '', groups: [], disabled: false, description: '', lockout: { locked: false, recentFailures: 2, remaining: 3 } };

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('users page', () => {
  it('shows lockout from the list answer alone, and unlocking reloads the list', async () => {
    let unlocked = false;
    const sent = fakeApi({
      'GET /api/groups': { body: { items: [] } },
      'GET /api/users': () => ({ body: { items: [unlocked ? { ...alice, lockout: { locked: false, recentFailures: 0, remaining: 5 } } : alice, bob] } }),
      'POST /api/users/alice/unlock': () => {
        unlocked = true;
        return { body: { ok: true } };
      },
    });
    renderPage(<UsersPage />);
    const badge = await screen.findByTestId('locked-alice');
    expect(badge.textContent).toMatch(/^Locked until \d\d:\d\d$/);
    expect(screen.getByTestId('failures-bob').textContent).toBe('2 recent failed logins');
    expect(sent.filter((r) => r.path.includes('/lockout'))).toEqual([]);

    fireEvent.click(screen.getByTestId('unlock-alice'));
    await waitFor(() => expect(screen.queryByTestId('locked-alice')).toBeNull());
    expect(sent.map((r) => `${r.method} ${r.path}`).filter((r) => r.includes('/users'))).toEqual(['GET /api/users', 'POST /api/users/alice/unlock', 'GET /api/users']);
  });

  it('sends null for optional fields the administrator emptied, and nothing for the key or an empty password', async () => {
    const sent = fakeApi({
      'GET /api/groups': { body: { items: [] } },
      'GET /api/users': { body: { items: [alice, bob] } },
      'PATCH /api/users/alice': { body: alice },
    });
    renderPage(<UsersPage />);
    await openEdit('alice');
    expect(input('edit-users-email').value).toBe('alice@example.com');
    fireEvent.change(input('edit-users-email'), { target: { value: '' } });
    fireEvent.change(input('edit-users-staticIp'), { target: { value: '' } });
    fireEvent.change(input('edit-users-maxSessions'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const body = await bodyOf(sent, 'PATCH');
    expect(body).toMatchObject({ email: null, staticIp: null, maxSessions: null, displayName: 'Alice Chen', disabled: false });
    expect(body).not.toHaveProperty('username');
    expect(body).not.toHaveProperty('password');
    expect(body).not.toHaveProperty('lockout');
  });

  it('leaves empty optional fields out of a create instead of sending null', async () => {
    const sent = fakeApi({
      'GET /api/groups': { body: { items: [] } },
      'GET /api/users': { body: { items: [] } },
      'POST /api/users': (body) => ({ status: 201, body }),
    });
    renderPage(<UsersPage />);
    fireEvent.click(await screen.findByTestId('create-users'));
    await screen.findByRole('dialog');
    fireEvent.change(input('new-users-username'), { target: { value: 'carol' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await bodyOf(sent, 'POST')).toEqual({ username: 'carol', groups: [], disabled: false });
  });

  it('enrols TOTP for a VPN user: QR code, a first code confirms it, and says how the user enters codes', async () => {
    const sent = fakeApi({
      'GET /api/groups': { body: { items: [] } },
      'GET /api/users': { body: { items: [bob] } },
      'POST /api/users/bob/totp': { body: { secret: 'JBSWY3DPEHPK3PXP', otpauthUrl: 'otpauth://totp/x', qrDataUrl: 'data:image/png;base64,iVBORw0KGgo=', pending: true } },
      'POST /api/users/bob/totp/confirm': (body) => ((body as { code: string }).code === '123456' ? { body: { ok: true } } : { status: 400, body: { error: 'validation', message: 'invalid input', issues: [{ path: 'code', message: 'code does not match' }] } }),
    });
    renderPage(<UsersPage />);
    fireEvent.click(await screen.findByTestId('totp-bob'));
    expect((await screen.findByRole('dialog')).textContent).toMatch(/Enter your authenticator code/);
    fireEvent.click(screen.getByTestId('user-totp-start'));
    expect((await screen.findByTestId('user-totp-qr')).getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect(screen.getByTestId('user-totp-secret').textContent).toBe('JBSWY3DPEHPK3PXP');
    fireEvent.change(input('user-totp-code'), { target: { value: '654321' } });
    fireEvent.click(screen.getByTestId('user-totp-confirm'));
    expect(await screen.findByText('code does not match')).toBeTruthy();
    fireEvent.change(input('user-totp-code'), { target: { value: '123456' } });
    fireEvent.click(screen.getByTestId('user-totp-confirm'));
    expect(await screen.findByText('Two-factor code on for bob: send them a new profile')).toBeTruthy();
    expect(sent.filter((r) => r.path === '/api/users/bob/totp/confirm').map((r) => r.body)).toEqual([{ code: '654321' }, { code: '123456' }]);
    expect(screen.queryByTestId('user-totp-qr')).toBeNull();
  });
});
