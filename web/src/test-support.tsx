/**
 * Component tests render pages as the console does (Mantine, i18n, toasts) against a fake API that
 * answers by method and path and keeps every request, so a test can say exactly what the page sent.
 */
import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { expect, vi } from 'vitest';
import { ToastProvider } from './components/toasts.js';
import { I18nProvider } from './i18n/index.js';

/** What jsdom lacks and Mantine uses (layout observers, media queries, scrolling an option into view). */
function polyfill(): void {
  if (!window.matchMedia) {
    window.matchMedia = (query: string) =>
      ({ matches: false, media: query, onchange: null, addEventListener: () => {}, removeEventListener: () => {}, addListener: () => {}, removeListener: () => {}, dispatchEvent: () => false }) as MediaQueryList;
  }
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  Element.prototype.scrollIntoView ??= () => {};
}

export function renderPage(ui: ReactNode) {
  polyfill();
  return render(
    <MantineProvider env="test">
      <I18nProvider initial="en">
        <ToastProvider>{ui}</ToastProvider>
      </I18nProvider>
    </MantineProvider>,
  );
}

export interface SentRequest {
  method: string;
  path: string;
  body: unknown;
}

type Answer = { status?: number; body: unknown } | ((body: unknown) => { status?: number; body: unknown });

/** Replaces fetch: `routes["PATCH /api/users/alice"]` answers that request; anything else is a 404. */
export function fakeApi(routes: Record<string, Answer>): SentRequest[] {
  const sent: SentRequest[] = [];
  vi.stubGlobal('fetch', async (path: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    sent.push({ method, path, body });
    const route = routes[`${method} ${path}`];
    const answer = typeof route === 'function' ? route(body) : (route ?? { status: 404, body: { error: 'not-found', message: `${method} ${path}` } });
    return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200, headers: { 'content-type': 'application/json' } });
  });
  return sent;
}

/** The input with this id (ids hold dots, which a CSS selector would read as classes). */
export function input(id: string): HTMLInputElement {
  const el = document.getElementById(id);
  if (!(el instanceof HTMLInputElement)) throw new Error(`no input #${id}`);
  return el;
}

/** Opens a resource's edit dialog through its row menu, as an administrator would. */
export async function openEdit(name: string): Promise<void> {
  fireEvent.click(await screen.findByRole('button', { name: `More actions for ${name}` }));
  fireEvent.click(await screen.findByRole('menuitem', { name: 'Edit' }));
  await screen.findByRole('dialog');
}

/** Waits for the first request with this method and gives its JSON body. */
export async function bodyOf(sent: SentRequest[], method: string): Promise<Record<string, unknown>> {
  await waitFor(() => expect(sent.some((r) => r.method === method)).toBe(true));
  return sent.find((r) => r.method === method)!.body as Record<string, unknown>;
}
