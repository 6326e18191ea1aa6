import { Alert, Button, Group, PasswordInput, Select, Stack, Stepper, Switch, TagsInput, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api, seg } from '../api.js';
import type { Gateway, RaServer } from '../api-types.js';
import { Loading, PageHeader, Section } from '../components/layout.js';
import { useToast } from '../components/toasts.js';
import { useI18n } from '../i18n/index.js';
import { downloadProfile } from '../pages/users.js';
import { useList } from '../use-data.js';
import { wizardErrors } from './wizard-form.js';
import { FirstGateway } from './first-gateway.js';
import { freeName, freePool, freePort, publicAddressOf } from './free-values.js';

const FIELD_STEP: Record<string, number> = { server: 0, gateway: 0, publicAddress: 0, port: 0, pool: 0, routes: 0, username: 1, password: 1 };

export function LetStaffConnectWizard() {
  const { t } = useI18n();
  const toast = useToast();
  const gateways = useList<Gateway>('/api/gateways');
  const servers = useList<RaServer>('/api/servers');
  const [step, setStep] = useState(0);
  // undefined: the proposal (free name, port and pool; the gateway's public address) until typed over
  const [serverInput, setServer] = useState<string | undefined>();
  const [gateway, setGateway] = useState<string | null>(null);
  const [publicInput, setPublicAddress] = useState<string | undefined>();
  const [portInput, setPort] = useState<string | undefined>();
  const [poolInput, setPool] = useState<string | undefined>();
  const [routes, setRoutes] = useState<string[] | undefined>();
  const [fullTunnel, setFullTunnel] = useState(false);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [serverCreated, setServerCreated] = useState(false);

  const gw = gateway ?? gateways.items[0]?.name ?? null;
  const gwItem = gateways.items.find((g) => g.name === gw);
  const pushed = routes ?? gwItem?.lanSubnets ?? [];
  /** Benchmarking range (RFC 2544) from 198.19.99.0/24 up: never collides with the office LANs (10/8, 172.16/12, 192.168/16) it routes to. */
  const server = serverInput ?? freeName('staff', servers.items.map((s) => s.name));
  const port = portInput ?? String(freePort(1194, servers.items, gw));
  const pool = poolInput ?? freePool(servers.items, gwItem?.lanSubnets);
  const publicAddress = publicInput ?? publicAddressOf(gwItem);

  const fail = (e: unknown, rename: Record<string, string>) => {
    const mapped = wizardErrors(e, rename);
    if (!mapped) return toast.fail(e);
    setErrors(mapped);
    const steps = Object.keys(mapped).map((k) => FIELD_STEP[k]).filter((s): s is number => s !== undefined);
    if (steps.length) setStep(Math.min(...steps));
  };

  const finish = async () => {
    setBusy(true);
    setErrors({});
    // the proposals are pinned: a retry after a failed user must patch the server just created, not a new proposal
    setServer(server);
    setPort(port);
    setPool(pool);
    setPublicAddress(publicAddress);
    const body = {
      name: server, gateway: gw, kind: 'openvpn', proto: 'udp', port: Number(port), pool, routes: pushed, fullTunnel,
      ...(publicAddress ? { publicAddress } : {}),
    };
    try {
      if (serverCreated) await api.patch(`/api/servers/${seg(server)}`, body);
      else await api.post('/api/servers', body);
      setServerCreated(true);
    } catch (e) {
      fail(e, { name: 'server', gateway: 'gateway', port: 'port', pool: 'pool', routes: 'routes', publicAddress: 'publicAddress' });
      setBusy(false);
      return;
    }
    try {
      await api.post('/api/users', { username, password, ...(displayName ? { displayName } : {}) });
      toast.notify('success', t('wizard.staff.created', { server, user: username }));
      setStep(2);
    } catch (e) {
      fail(e, { username: 'username', password: 'password' });
    } finally {
      setBusy(false);
    }
  };

  const download = async () => {
    try {
      await downloadProfile(username, server);
    } catch (e) {
      toast.fail(e);
    }
  };

  return (
    <Stack gap="lg">
      <PageHeader title={t('wizard.staff.title')} description={t('wizard.staff.description')} />
      <Section title={t('wizard.staff.title')}>
        {errors._general && <Alert color="red" variant="light" mb="md" role="alert">{errors._general}</Alert>}
        {/* the proposals come from both lists: nothing is shown that could still change under the cursor */}
        {!gateways.data || !servers.data ? (
          <Loading />
        ) : gateways.items.length === 0 ? (
          <FirstGateway onCreated={(name) => { setGateway(name); gateways.reload(); }} />
        ) : (<>
        <Stepper active={step} size="sm" allowNextStepsSelect={false} onStepClick={(s) => step < 2 && s < step && setStep(s)}>
          <Stepper.Step label={t('wizard.staff.step.server')}>
            <Stack gap="md" mt="md" maw={520}>
              <TextInput id="ws-server" label={t('field.name')} description={t('hint.resourceName')} value={server} onChange={(e) => setServer(e.currentTarget.value)} error={errors.server} required />
              <Select id="ws-gateway" label={t('field.gateway')} data={gateways.items.map((g) => ({ value: g.name, label: g.name }))} value={gw} onChange={setGateway} error={errors.gateway} required allowDeselect={false} />
              <TextInput id="ws-public" label={t('server.publicAddress')} description={t('server.publicAddressHint')} value={publicAddress} onChange={(e) => setPublicAddress(e.currentTarget.value.trim())} error={errors.publicAddress} placeholder="vpn.example.com" />
              <Group grow>
                <TextInput id="ws-port" label={t('server.port')} value={port} onChange={(e) => setPort(e.currentTarget.value.replace(/\D/g, ''))} error={errors.port} inputMode="numeric" />
                <TextInput id="ws-pool" label={t('server.pool')} value={pool} onChange={(e) => setPool(e.currentTarget.value.trim())} error={errors.pool} />
              </Group>
              <TagsInput id="ws-routes" label={t('server.routes')} description={t('wizard.staff.routesHint')} value={pushed} onChange={setRoutes} error={errors.routes} splitChars={[',', ' ']} acceptValueOnBlur />
              <Switch label={t('server.fullTunnel')} description={t('server.fullTunnelHint')} checked={fullTunnel} onChange={(e) => setFullTunnel(e.currentTarget.checked)} />
            </Stack>
          </Stepper.Step>
          <Stepper.Step label={t('wizard.staff.step.user')}>
            <Stack gap="md" mt="md" maw={520}>
              <TextInput id="ws-username" label={t('user.username')} description={t('user.usernameHint')} value={username} onChange={(e) => setUsername(e.currentTarget.value)} error={errors.username} required />
              <TextInput id="ws-display" label={t('user.displayName')} value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} />
              <PasswordInput id="ws-password" label={t('user.password')} description={t('user.passwordHint')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.password} required autoComplete="new-password" />
            </Stack>
          </Stepper.Step>
          <Stepper.Completed>
            <Stack gap="md" mt="md" align="flex-start">
              <Alert color="teal" variant="light" title={t('wizard.staff.doneTitle')}>
                {t('wizard.staff.doneText', { user: username })}
              </Alert>
              <Group gap="xs">
                <Button onClick={() => void download()} data-testid="wizard-download">{t('user.downloadProfile')}</Button>
                <Button component="a" href="#/users" variant="light">{t('wizard.staff.toUsers')}</Button>
              </Group>
            </Stack>
          </Stepper.Completed>
        </Stepper>
        {step < 2 && (
          <Group justify="space-between" mt="xl">
            <Button variant="default" disabled={step === 0} onClick={() => setStep(step - 1)}>{t('action.back')}</Button>
            {step === 0 ? (
              <Button onClick={() => setStep(1)} disabled={!server || !gw || !pool}>{t('action.next')}</Button>
            ) : (
              <Button onClick={() => void finish()} loading={busy} disabled={!username || !password}>{t('wizard.staff.finish')}</Button>
            )}
          </Group>
        )}
        </>)}
      </Section>
    </Stack>
  );
}
