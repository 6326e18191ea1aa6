import { Alert, Badge, Button, Group, Paper, ScrollArea, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { query } from '../api.js';
import { FirstGateway } from '../wizards/first-gateway.js';
import type { DoctorReport, Gateway, SiteResponse, StatusResponse } from '../api-types.js';
import { FindingsList } from '../components/findings.js';
import { EmptyState, Loading, PageHeader, Section } from '../components/layout.js';
import { HealthBadge, SaState, SeverityBadge } from '../components/status.js';
import { formatBytes, formatDateTime, formatDetail } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { useLive } from '../live/live.js';
import { useData, useList } from '../use-data.js';

function Stat({ label, value, color, testId }: { label: string; value: number | string; color?: string; testId: string }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.04em' }}>
        {label}
      </Text>
      <Text fz={28} fw={700} c={color} lh={1.3}>
        {value}
      </Text>
    </Paper>
  );
}

const TUNNEL_ROWS = 500;

const WAN_COLOR = { up: 'teal', degraded: 'orange', down: 'red', unknown: 'gray' } as const;

export function DashboardPage() {
  const { t, lang } = useI18n();
  const live = useLive();
  const sites = useList<SiteResponse>('/api/sites');
  // /api/status does the most work on the server (≈0.85 s with 500 sites): asked after the tunnels table is up
  const status = useData<StatusResponse>(sites.data ? '/api/status' : undefined);
  const gateways = useList<Gateway>('/api/gateways');
  const doctor = useData<DoctorReport>(`/api/doctor${query({ lang })}`);
  const { loadStatuses } = live;

  const names = useMemo(() => sites.items.map((s) => s.name), [sites.items]);
  useEffect(() => {
    if (names.length) void loadStatuses(names);
    // statuses then arrive over SSE; loading once per list is enough
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [names]);

  // Benchmark hook: navigation start → the tunnels table is in the DOM with its rows.
  useEffect(() => {
    if (sites.data) performance.mark('corridor:dashboard-rendered');
  }, [sites.data]);

  const counts = useMemo(() => {
    const c = { up: 0, down: 0, degraded: 0 };
    for (const s of Object.values(live.state.sites)) {
      if (s.health === 'up') c.up++;
      else if (s.health === 'degraded' || s.health === 'connecting') c.degraded++;
      else if (s.health === 'down') c.down++;
    }
    const fromStatus = status.data?.sites;
    return Object.keys(live.state.sites).length || !fromStatus ? c : { up: fromStatus.up, down: fromStatus.down, degraded: fromStatus.degraded + (fromStatus.connecting ?? 0) };
  }, [live.state.sites, status.data]);
  // engines switched off: tunnels are configured but never run, which is not the same as down
  const enginesOff = status.data?.enginesEnabled === false;
  const sessionCount = live.state.connected ? Object.keys(live.state.sessions).length : (status.data?.sessions ?? 0);
  const findings = doctor.data?.findings ?? [];

  return (
    <Stack gap="lg">
      <PageHeader title={t('nav.dashboard')} description={t('dashboard.description')} />
      {enginesOff && (
        <Alert color="gray" variant="light" title={t('dashboard.enginesOffTitle')} data-testid="engines-off">
          {t('dashboard.enginesOff')}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="md">
        <Stat testId="stat-up" label={t('dashboard.tunnelsUp')} value={enginesOff ? '—' : counts.up} color="teal.8" />
        <Stat testId="stat-down" label={t('dashboard.tunnelsDown')} value={enginesOff ? '—' : counts.down} color={counts.down && !enginesOff ? 'red.8' : undefined} />
        <Stat testId="stat-degraded" label={t('dashboard.tunnelsDegraded')} value={enginesOff ? '—' : counts.degraded} color={counts.degraded && !enginesOff ? 'orange.8' : undefined} />
        <Stat testId="stat-sessions" label={t('dashboard.sessions')} value={sessionCount} />
        <Stat testId="stat-findings" label={t('dashboard.findings')} value={doctor.data ? findings.length : (status.data?.findings ?? '—')} color={findings.length ? 'orange.8' : undefined} />
      </SimpleGrid>

      <Section title={t('dashboard.gateways')}>
        {gateways.loading && !gateways.data ? (
          <Loading />
        ) : gateways.items.length === 0 ? (
          <FirstGateway onCreated={() => gateways.reload()} />
        ) : (
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            {gateways.items.map((g) => {
              const engines = status.data?.gateways?.find((x) => x.name === g.name)?.engines ?? status.data?.engines?.filter((e) => e.id.includes(g.name)) ?? [];
              return (
                <Paper key={g.name} withBorder radius="md" p="sm" data-testid="gateway-card">
                  <Group justify="space-between" mb={6}>
                    <Text fw={600}>{g.name}</Text>
                    <Text size="xs" c="dimmed">
                      {g.lanSubnets.join(', ')}
                    </Text>
                  </Group>
                  <Group gap={6}>
                    {engines.length === 0 && (
                      <Text size="sm" c="dimmed">
                        {enginesOff ? t('dashboard.enginesOffShort') : t('dashboard.noEngines')}
                      </Text>
                    )}
                    {engines.map((e) => (
                      <Badge key={e.id} variant="light" color={e.state === 'running' ? 'teal' : e.state === 'failed' || e.state === 'exited' ? 'red' : 'gray'}>
                        {e.kind}: {e.state}
                        {e.pid ? ` · pid ${e.pid}` : ''}
                      </Badge>
                    ))}
                  </Group>
                  <Group gap={6} mt={6}>
                    {(status.data?.wan?.links ?? []).filter((w) => w.gateway === g.name).map((w) => (
                      <Badge key={w.wanLink} variant="outline" tt="none" color={WAN_COLOR[w.health]} title={w.reason} data-testid={`wan-${g.name}-${w.wanLink}`}>
                        {w.wanLink}: {t(`wan.health.${w.health}`)}
                        {w.lossPercent !== undefined ? ` · ${w.lossPercent}%` : ''}
                        {w.rttMs !== undefined ? ` · ${w.rttMs} ms` : ''}
                      </Badge>
                    ))}
                  </Group>
                </Paper>
              );
            })}
          </SimpleGrid>
        )}
      </Section>

      <Section
        title={t('dashboard.tunnels')}
        actions={
          <Button component="a" href="#/sites" variant="subtle" size="xs">
            {t('dashboard.manage')}
          </Button>
        }
      >
        {sites.loading && !sites.data ? (
          <Loading />
        ) : sites.items.length === 0 ? (
          <EmptyState
            title={t('dashboard.noTunnels')}
            hint={t('dashboard.noTunnelsHint')}
            action={
              <Group gap="xs" justify="center">
                <Button component="a" href="#/wizard/branch">
                  {t('wizard.branch.title')}
                </Button>
                <Button component="a" href="#/wizard/staff" variant="light">
                  {t('wizard.staff.title')}
                </Button>
              </Group>
            }
          />
        ) : (
          <ScrollArea.Autosize mah={480} type="auto">
            <Table striped stickyHeader verticalSpacing={6} miw={620} data-testid="dashboard-tunnels">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('field.name')}</Table.Th>
                  <Table.Th>{t('site.health')}</Table.Th>
                  <Table.Th>IKE</Table.Th>
                  <Table.Th>CHILD</Table.Th>
                  <Table.Th visibleFrom="sm">{t('site.bytesIn')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('site.bytesOut')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sites.items.slice(0, TUNNEL_ROWS).map((s) => {
                  const st = live.state.sites[s.name];
                  return (
                    <Table.Tr key={s.name} data-site={s.name} data-health={st?.health ?? ''}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {s.name}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {s.peer}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {enginesOff && s.enabled !== false ? (
                          <Badge color="gray" variant="light" data-testid="not-running">{t('dashboard.notRunning')}</Badge>
                        ) : (
                          <HealthBadge health={s.enabled === false ? 'disabled' : st?.health} />
                        )}
                      </Table.Td>
                      <Table.Td>
                        <SaState state={st?.ike.state} />
                      </Table.Td>
                      <Table.Td>
                        <SaState state={st?.child.state} />
                      </Table.Td>
                      <Table.Td visibleFrom="sm">{formatBytes(st?.bytesIn)}</Table.Td>
                      <Table.Td visibleFrom="sm">{formatBytes(st?.bytesOut)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        )}
      </Section>

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Section
          title={t('dashboard.recentEvents')}
          actions={
            <Button component="a" href="#/events" variant="subtle" size="xs">
              {t('dashboard.allEvents')}
            </Button>
          }
        >
          {live.state.events.length === 0 ? (
            <EmptyState title={t('events.none')} />
          ) : (
            <Stack gap={6}>
              {live.state.events.slice(0, 8).map((e) => (
                <Group key={e.id} gap="sm" wrap="nowrap" align="flex-start">
                  <SeverityBadge severity={e.severity} />
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm">
                      <b>{e.subject || e.source}</b> {formatDetail(e.detail)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatDateTime(e.at)} · {e.kind}
                    </Text>
                  </div>
                </Group>
              ))}
            </Stack>
          )}
        </Section>
        <Section
          title={t('dashboard.doctor')}
          actions={
            <Button component="a" href="#/doctor" variant="subtle" size="xs">
              {t('dashboard.openDoctor')}
            </Button>
          }
        >
          {doctor.loading && !doctor.data ? (
            <Loading />
          ) : doctor.error ? (
            <Alert color="gray" variant="light">
              {t('dashboard.doctorUnavailable')}
            </Alert>
          ) : (
            <FindingsList findings={findings.slice(0, 5)} compact />
          )}
        </Section>
      </SimpleGrid>
    </Stack>
  );
}
