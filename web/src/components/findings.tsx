import { Accordion, Badge, Code, Group, List, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Finding } from '../api-types.js';
import { formatPercent } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { EmptyState } from './layout.js';
import { SeverityBadge } from './status.js';

/** The catalog writes commands and field names in `backticks`: shown as code, everything else as text. */
function withCode(text: string): ReactNode[] {
  return text.split(/`([^`]+)`/).map((part, i) => (i % 2 === 1 ? <Code key={i}>{part}</Code> : part));
}

function NumberedList({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <div>
      <Text size="sm" fw={600} mb={4}>
        {title}
      </Text>
      <List size="sm" type="ordered" spacing={2}>
        {items.map((item) => (
          <List.Item key={item}>{withCode(item)}</List.Item>
        ))}
      </List>
    </div>
  );
}

/** Doctor findings, best first as the API orders them: title, code, evidence lines, causes and fixes. */
export function FindingsList({ findings, compact = false }: { findings: Finding[]; compact?: boolean }) {
  const { t } = useI18n();
  if (findings.length === 0) return <EmptyState title={t('doctor.noFindings')} hint={t('doctor.noFindingsHint')} />;
  return (
    <Accordion multiple variant="separated" defaultValue={compact ? [] : [findings[0]!.code + '0']} data-testid="findings">
      {findings.map((f, i) => (
        <Accordion.Item key={f.code + i} value={f.code + i} data-code={f.code}>
          <Accordion.Control>
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <SeverityBadge severity={f.severity} />
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text fw={600} size="sm">
                  {f.title}
                </Text>
                <Group gap={6}>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {f.code}
                  </Text>
                  <Badge size="xs" variant="light" color="gray">
                    {t('doctor.confidence', { value: formatPercent(f.confidence) })}
                  </Badge>
                </Group>
              </Stack>
            </Group>
          </Accordion.Control>
          <Accordion.Panel>
            <Stack gap="sm">
              {f.evidence.length > 0 && (
                <div>
                  <Text size="sm" fw={600} mb={4}>
                    {t('doctor.evidence')}
                  </Text>
                  <div style={{ background: 'var(--mantine-color-gray-1)', borderRadius: 6, padding: '6px 10px' }}>
                    {f.evidence.map((ev, j) => (
                      <div key={j} className="evidence">
                        <Text span c="dimmed" fz={11}>
                          {ev.file}:{ev.line}{' '}
                        </Text>
                        {ev.text}
                      </div>
                    ))}
                  </div>
                </div>
              )}
              <NumberedList title={t('doctor.causes')} items={f.causes} />
              <NumberedList title={t('doctor.actions')} items={f.actions} />
            </Stack>
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
