import { Badge } from '@mantine/core';
import type { Health } from '../api-types.js';
import { useI18n, type MessageKey } from '../i18n/index.js';

const HEALTH_COLOR: Record<Health, string> = { up: 'teal', down: 'red', degraded: 'orange', connecting: 'blue', disabled: 'gray' };
const HEALTH_LABEL: Record<Health, MessageKey> = {
  up: 'health.up', down: 'health.down', degraded: 'health.degraded', connecting: 'health.connecting', disabled: 'health.disabled',
};

export function HealthBadge({ health }: { health: Health | undefined }) {
  const { t } = useI18n();
  if (!health) return <Badge color="gray" variant="light">{t('health.unknown')}</Badge>;
  return (
    <Badge color={HEALTH_COLOR[health] ?? 'gray'} variant={health === 'up' ? 'filled' : 'light'} data-health={health}>
      {t(HEALTH_LABEL[health] ?? 'health.unknown')}
    </Badge>
  );
}

/** IKE and CHILD SA states are engine words (ESTABLISHED, INSTALLED): shown verbatim, coloured by meaning. */
export function SaState({ state }: { state: string | undefined }) {
  const s = (state ?? '').toUpperCase();
  const color = s === 'ESTABLISHED' || s === 'INSTALLED' ? 'teal' : s === '' || s === 'DOWN' || s === 'DELETING' || s === 'FAILED' ? 'red' : 'blue';
  return (
    <Badge color={color} variant="outline" size="sm" radius="sm" style={{ fontFamily: 'var(--mantine-font-family-monospace)' }}>
      {s || '—'}
    </Badge>
  );
}

const SEVERITY_COLOR: Record<string, string> = { critical: 'red', error: 'red', warning: 'orange', info: 'blue' };
const SEVERITY_LABEL: Record<string, MessageKey> = {
  critical: 'severity.critical', error: 'severity.error', warning: 'severity.warning', info: 'severity.info',
};

export function SeverityBadge({ severity }: { severity: string }) {
  const { t } = useI18n();
  const key = SEVERITY_LABEL[severity];
  return (
    <Badge color={SEVERITY_COLOR[severity] ?? 'gray'} variant={severity === 'critical' || severity === 'error' ? 'filled' : 'light'}>
      {key ? t(key) : severity}
    </Badge>
  );
}
