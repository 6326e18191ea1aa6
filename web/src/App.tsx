import { AppShell, Badge, Burger, Button, Group, NavLink, ScrollArea, SegmentedControl, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { lazy, Suspense, useCallback, useEffect, useState, type ComponentType } from 'react';
import { api, setCsrfToken, setUnauthorizedHandler } from './api.js';
import type { Admin, Lang, LoginResponse } from './api-types.js';
import { Icon, type IconName } from './components/icons.js';
import { Loading } from './components/layout.js';
import { Logo } from './components/logo.js';
import { useToast } from './components/toasts.js';
import { LANGS, useI18n, type MessageKey } from './i18n/index.js';
import { LiveProvider, useLive } from './live/live.js';
import { DashboardPage } from './pages/dashboard.js';
import { LoginPage } from './pages/login.js';
import { ChangePasswordPage } from './pages/change-password.js';
import { navigate, useRoute } from './router.js';
import { AdminContext } from './session.js';

const page = <M,>(load: () => Promise<M>, pick: (m: M) => ComponentType) => lazy(async () => ({ default: pick(await load()) }));

interface Route {
  id: string;
  label: MessageKey;
  icon: IconName;
  component: ComponentType;
  hidden?: boolean;
}

// The dashboard is in the main chunk (first paint); every other page loads when first opened.
const ROUTES: Route[] = [
  { id: 'dashboard', label: 'nav.dashboard', icon: 'dashboard', component: DashboardPage },
  { id: 'sites', label: 'nav.sites', icon: 'sites', component: page(() => import('./pages/sites.js'), (m) => m.SitesPage) },
  { id: 'ddns', label: 'nav.ddns', icon: 'ddns', component: page(() => import('./pages/ddns.js'), (m) => m.DdnsPage) },
  { id: 'servers', label: 'nav.servers', icon: 'remote', component: page(() => import('./pages/servers.js'), (m) => m.ServersPage) },
  { id: 'users', label: 'nav.users', icon: 'users', component: page(() => import('./pages/users.js'), (m) => m.UsersPage) },
  { id: 'groups', label: 'nav.groups', icon: 'groups', component: page(() => import('./pages/groups.js'), (m) => m.GroupsPage) },
  { id: 'pki', label: 'nav.pki', icon: 'pki', component: page(() => import('./pages/pki.js'), (m) => m.PkiPage) },
  { id: 'doctor', label: 'nav.doctor', icon: 'doctor', component: page(() => import('./pages/doctor.js'), (m) => m.DoctorPage) },
  { id: 'events', label: 'nav.events', icon: 'events', component: page(() => import('./pages/events.js'), (m) => m.EventsPage) },
  { id: 'audit', label: 'nav.audit', icon: 'audit', component: page(() => import('./pages/audit.js'), (m) => m.AuditPage) },
  { id: 'settings', label: 'nav.settings', icon: 'settings', component: page(() => import('./pages/settings.js'), (m) => m.SettingsPage) },
  { id: 'wizard/branch', label: 'wizard.branch.title', icon: 'wizard', hidden: true, component: page(() => import('./wizards/connect-branch.js'), (m) => m.ConnectBranchWizard) },
  { id: 'wizard/staff', label: 'wizard.staff.title', icon: 'wizard', hidden: true, component: page(() => import('./wizards/let-staff-connect.js'), (m) => m.LetStaffConnectWizard) },
];

export function App() {
  const { setLang } = useI18n();
  const [admin, setAdmin] = useState<Admin | null | undefined>(undefined);

  const accept = useCallback(
    (r: LoginResponse) => {
      setCsrfToken(r.csrfToken);
      setAdmin(r.admin);
      if (r.admin.lang === 'en' || r.admin.lang === 'zh-CN') setLang(r.admin.lang);
    },
    [setLang],
  );

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(undefined);
      setAdmin(null);
    });
    api.get<LoginResponse>('/api/auth/me').then(accept, () => setAdmin(null));
  }, [accept]);

  if (admin === undefined) return <Loading />;
  if (admin === null) return <LoginPage onLogin={accept} />;
  if (admin.passwordChangeRequired) {
    const signedOut = () => {
      setCsrfToken(undefined);
      setAdmin(null);
    };
    return <ChangePasswordPage username={admin.username} onDone={() => setAdmin({ ...admin, passwordChangeRequired: false })} onLogout={signedOut} />;
  }
  return (
    <AdminContext.Provider value={{ admin, setAdmin }}>
      <LiveProvider>
        <Shell admin={admin} onLogout={() => setAdmin(null)} />
      </LiveProvider>
    </AdminContext.Provider>
  );
}

function Shell({ admin, onLogout }: { admin: Admin; onLogout: () => void }) {
  const { t, lang, setLang } = useI18n();
  const toast = useToast();
  const live = useLive();
  const route = useRoute();
  const [opened, { toggle, close }] = useDisclosure();
  const current = ROUTES.find((r) => r.id === route) ?? ROUTES[0]!;
  const Page = current.component;

  useEffect(() => {
    document.title = `${t(current.label)} · Corridor`;
  }, [current, t]);

  const changeLang = (next: Lang) => {
    setLang(next);
    api.put('/api/auth/me/lang', { lang: next }).catch(toast.fail);
  };
  const logout = async () => {
    await api.post('/api/auth/logout').catch(() => {});
    setCsrfToken(undefined);
    onLogout();
  };

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 236, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <a href="#/dashboard" style={{ color: 'inherit', textDecoration: 'none' }} aria-label="Corridor">
              <Logo />
            </a>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Tooltip label={live.state.connected ? t('live.connected') : t('live.disconnected')}>
              <Badge variant="dot" color={live.state.connected ? 'teal' : 'gray'} visibleFrom="xs" data-testid="live-indicator">
                {t('live.label')}
              </Badge>
            </Tooltip>
            <SegmentedControl size="xs" aria-label={t('nav.language')} data={LANGS} value={lang} onChange={(v) => changeLang(v as Lang)} data-testid="lang-switch" />
            <Text size="sm" c="dimmed" visibleFrom="md">
              {admin.username}
            </Text>
            <Button variant="subtle" size="xs" color="gray" onClick={() => void logout()} leftSection={<Icon name="logout" size={16} />} aria-label={t('nav.logout')}>
              <span className="hide-xs">{t('nav.logout')}</span>
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('nav.main')}>
        <AppShell.Section grow component={ScrollArea}>
          <div>
            {ROUTES.filter((r) => !r.hidden).map((r) => (
              <NavLink
                key={r.id}
                href={`#/${r.id}`}
                label={t(r.label)}
                leftSection={<Icon name={r.icon} />}
                active={current.id === r.id}
                aria-current={current.id === r.id ? 'page' : undefined}
                onClick={close}
                style={{ borderRadius: 6 }}
              />
            ))}
          </div>
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm" mb={4}>
            {t('wizard.heading')}
          </Text>
          <NavLink href="#/wizard/branch" label={t('wizard.branch.title')} leftSection={<Icon name="wizard" />} onClick={close} active={route === 'wizard/branch'} style={{ borderRadius: 6 }} />
          <NavLink href="#/wizard/staff" label={t('wizard.staff.title')} leftSection={<Icon name="wizard" />} onClick={close} active={route === 'wizard/staff'} style={{ borderRadius: 6 }} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main bg="var(--mantine-color-gray-0)">
        <div style={{ maxWidth: 1280, margin: '0 auto' }}>
          <Suspense fallback={<Loading />}>
            <Page key={current.id} />
          </Suspense>
        </div>
      </AppShell.Main>
    </AppShell>
  );
}

export { navigate };
