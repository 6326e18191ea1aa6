import { Badge, Button, CloseButton, FileButton, Group, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { api, query } from '../api.js';
import type { DoctorReport } from '../api-types.js';
import { FindingsList } from '../components/findings.js';
import { Loading, PageHeader, Section } from '../components/layout.js';
import { useToast } from '../components/toasts.js';
import { formatBytes } from '../format.js';
import { useI18n } from '../i18n/index.js';

interface LogFile {
  name: string;
  text: string;
}

const MAX_LOG_BYTES = 20 * 1024 * 1024;

export function DoctorPage() {
  const { t, lang } = useI18n();
  const toast = useToast();
  const [checks, setChecks] = useState<DoctorReport | undefined>();
  const [checking, setChecking] = useState(false);
  const [pasted, setPasted] = useState('');
  const [files, setFiles] = useState<LogFile[]>([]);
  const [report, setReport] = useState<DoctorReport | undefined>();
  const [analysing, setAnalysing] = useState(false);

  const runChecks = async () => {
    setChecking(true);
    try {
      setChecks(await api.get<DoctorReport>(`/api/doctor${query({ lang })}`));
    } catch (e) {
      toast.fail(e);
    } finally {
      setChecking(false);
    }
  };
  const addFiles = async (list: File[]) => {
    const read: LogFile[] = [];
    for (const f of list) {
      if (f.size > MAX_LOG_BYTES) {
        toast.notify('error', t('doctor.tooLarge', { name: f.name, size: formatBytes(MAX_LOG_BYTES) }));
        continue;
      }
      read.push({ name: f.name, text: await f.text() });
    }
    setFiles((cur) => [...cur.filter((c) => !read.some((r) => r.name === c.name)), ...read]);
  };
  const analyse = async () => {
    const all = [...files, ...(pasted.trim() ? [{ name: 'pasted.log', text: pasted }] : [])];
    if (all.length === 0) {
      toast.notify('info', t('doctor.nothingToAnalyse'));
      return;
    }
    setAnalysing(true);
    try {
      setReport(await api.post<DoctorReport>('/api/doctor/logs', { files: all, lang }));
    } catch (e) {
      toast.fail(e);
    } finally {
      setAnalysing(false);
    }
  };

  return (
    <Stack gap="lg">
      <PageHeader title={t('nav.doctor')} description={t('doctor.description')} />
      <Section
        title={t('doctor.checks')}
        actions={
          <Button size="sm" onClick={() => void runChecks()} loading={checking} data-testid="run-checks">
            {t('doctor.runChecks')}
          </Button>
        }
      >
        {checking && !checks ? <Loading /> : checks ? <FindingsList findings={checks.findings} /> : <Text size="sm" c="dimmed">{t('doctor.checksHint')}</Text>}
      </Section>
      <Section title={t('doctor.logs')}>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Textarea
            id="doctor-paste"
            label={t('doctor.paste')}
            description={t('doctor.pasteHint')}
            autosize
            minRows={8}
            maxRows={18}
            value={pasted}
            onChange={(e) => setPasted(e.currentTarget.value)}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
          />
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              {t('doctor.upload')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('doctor.uploadHint')}
            </Text>
            <FileButton onChange={(f) => void addFiles(f)} multiple accept=".log,.txt,text/plain">
              {(props) => (
                <Button {...props} variant="default" w="fit-content">
                  {t('doctor.chooseFiles')}
                </Button>
              )}
            </FileButton>
            {files.map((f) => (
              <Group key={f.name} gap="xs" justify="space-between" wrap="nowrap" p={6} style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 6 }}>
                <Text size="sm" truncate>
                  {f.name}
                </Text>
                <Group gap={4} wrap="nowrap">
                  <Badge variant="light" color="gray">
                    {t('doctor.lines', { count: f.text.split('\n').length })}
                  </Badge>
                  <CloseButton size="sm" aria-label={t('doctor.removeFile', { name: f.name })} onClick={() => setFiles((cur) => cur.filter((c) => c.name !== f.name))} />
                </Group>
              </Group>
            ))}
          </Stack>
        </SimpleGrid>
        <Group mt="md">
          <Button onClick={() => void analyse()} loading={analysing} data-testid="analyse-logs">
            {t('doctor.analyse')}
          </Button>
        </Group>
        {report && (
          <Stack mt="lg" gap="sm">
            <Text fw={600}>{t('doctor.results', { count: report.findings.length })}</Text>
            <FindingsList findings={report.findings} />
          </Stack>
        )}
      </Section>
    </Stack>
  );
}
