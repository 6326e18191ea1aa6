import { Alert, Badge, Button, Code, FileButton, Group, Modal, ScrollArea, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api, seg } from '../api.js';
import type { CaInfo, CertInfo, InspectResult } from '../api-types.js';
import { FormModal } from '../components/form-modal.js';
import { Icon } from '../components/icons.js';
import { EmptyState, Loading, PageHeader, Section } from '../components/layout.js';
import { cleanPayload } from '../components/form-payload.js';
import type { FieldSpec, FormValue } from '../components/resource-form.js';
import { useToast } from '../components/toasts.js';
import { formatDateTime } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { saveFile, useList } from '../use-data.js';

/**
 * The key types of src/pki/key-types.ts KEY_TYPES. Not imported: that module pulls node:crypto typings that
 * clash with the DOM's. An unknown value would come back from the API as a field error on "keyType".
 */
const KEY_TYPE_LABELS: Record<string, string> = {
  'ec-p256': 'EC P-256', 'ec-p384': 'EC P-384', 'rsa-2048': 'RSA 2048', 'rsa-3072': 'RSA 3072', 'rsa-4096': 'RSA 4096',
};

const caFields: FieldSpec[] = [
  { path: 'name', label: 'field.name', kind: 'text', required: true, hint: 'hint.resourceName' },
  { path: 'subject.CN', label: 'pki.cn', kind: 'text', required: true },
  { path: 'subject.O', label: 'pki.org', kind: 'text' },
  { path: 'subject.OU', label: 'pki.ou', kind: 'text' },
  { path: 'subject.C', label: 'pki.country', kind: 'text', placeholder: 'CN' },
  { path: 'keyType', label: 'pki.keyType', kind: 'select', required: true, options: Object.entries(KEY_TYPE_LABELS).map(([value, label]) => ({ value, label })) },
  { path: 'validityDays', label: 'pki.validityDays', kind: 'number', min: 1, max: 36500 },
];

const CERT_KINDS = ['server', 'client', 'ike'] as const;
const isCertKind = (k: string): k is (typeof CERT_KINDS)[number] => (CERT_KINDS as readonly string[]).includes(k);
const subjectText = (s: CaInfo['subject']) => (typeof s === 'string' ? s : s ? Object.entries(s).map(([k, v]) => `${k}=${v}`).join(', ') : '—');

/** PEM stays text; DER and PKCS#12 travel as base64 so no byte is lost in JSON. */
async function readForInspect(f: File): Promise<{ name: string; data: string; encoding: 'pem' | 'base64' }> {
  const bytes = new Uint8Array(await f.arrayBuffer());
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('-----BEGIN') || /^[\x09\x0a\x0d\x20-\x7e]*$/.test(text.slice(0, 4096))) return { name: f.name, data: text, encoding: 'pem' };
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return { name: f.name, data: btoa(bin), encoding: 'base64' };
}

export function PkiPage() {
  const { t } = useI18n();
  const toast = useToast();
  const cas = useList<CaInfo>('/api/pki/cas');
  const certs = useList<CertInfo>('/api/pki/certificates');
  const [newCa, setNewCa] = useState(false);
  const [issuing, setIssuing] = useState(false);
  const [revoking, setRevoking] = useState<CertInfo | undefined>();
  const [revokingName, setRevokingName] = useState('');
  const [reason, setReason] = useState('');
  const [inspected, setInspected] = useState<InspectResult | undefined>();
  const [uploaded, setUploaded] = useState<Array<{ name: string; data: string }>>([]);

  const certFields: FieldSpec[] = [
    { path: 'name', label: 'field.name', kind: 'text', required: true, hint: 'hint.resourceName' },
    { path: 'ca', label: 'pki.ca', kind: 'select', required: true, options: cas.items.map((c) => ({ value: c.name, label: c.name })) },
    { path: 'kind', label: 'pki.kind', kind: 'select', required: true, options: [{ value: 'server', label: t('pki.kind.server') }, { value: 'client', label: t('pki.kind.client') }, { value: 'ike', label: t('pki.kind.ike') }] },
    { path: 'cn', label: 'pki.cn', kind: 'text' },
    { path: 'dnsNames', label: 'pki.dnsNames', kind: 'list' },
    { path: 'ips', label: 'pki.ips', kind: 'list' },
    { path: 'identity', label: 'pki.identity', kind: 'text', when: (v) => v.kind === 'ike' },
  ];

  const createCa = async (v: FormValue) => {
    await api.post('/api/pki/cas', cleanPayload(caFields, v, false));
    setNewCa(false);
    toast.notify('success', t('toast.createdKind', { kind: t('pki.ca'), name: String(v.name) }));
    cas.reload();
  };
  const issue = async (v: FormValue) => {
    await api.post('/api/pki/certificates', cleanPayload(certFields, v, false));
    setIssuing(false);
    toast.notify('success', t('pki.issued', { name: String(v.name) }));
    certs.reload();
  };
  const revoke = async () => {
    if (!revoking) return;
    try {
      await api.post(`/api/pki/certificates/${seg(revoking.name)}/revoke`, reason ? { reason } : {});
      toast.notify('success', t('pki.revoked', { name: revoking.name }));
      certs.reload();
    } catch (e) {
      toast.fail(e);
    } finally {
      setRevoking(undefined);
      setReason('');
    }
  };
  const inspect = async (files: File[]) => {
    try {
      const read = await Promise.all(files.map(readForInspect));
      setUploaded(read);
      setInspected(await api.post<InspectResult>('/api/pki/inspect', { files: read }));
    } catch (e) {
      toast.fail(e);
    }
  };
  const importEasyRsa = async () => {
    try {
      const r = await api.post<{ ca: string; certificates: number }>('/api/pki/import-easyrsa', { files: uploaded });
      toast.notify('success', t('pki.imported', { name: r.ca, count: r.certificates }));
      cas.reload();
      certs.reload();
    } catch (e) {
      toast.fail(e);
    }
  };

  return (
    <Stack gap="lg">
      <PageHeader title={t('nav.pki')} description={t('pki.description')} />
      <Section title={t('pki.cas')} actions={<Button size="sm" leftSection={<Icon name="plus" size={16} />} onClick={() => setNewCa(true)}>{t('pki.newCa')}</Button>}>
        {cas.loading && !cas.data ? <Loading /> : cas.items.length === 0 ? <EmptyState title={t('pki.noCas')} hint={t('pki.noCasHint')} /> : (
          <ScrollArea type="auto">
            <Table striped verticalSpacing={6} miw={560}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('field.name')}</Table.Th>
                  <Table.Th>{t('pki.created')}</Table.Th>
                  <Table.Th>{t('pki.certificate')}</Table.Th>
                  <Table.Th>CRL</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {cas.items.map((c) => (
                  <Table.Tr key={c.name}>
                    <Table.Td fw={500}>{c.name}</Table.Td>
                    <Table.Td>{formatDateTime(c.createdAt)}</Table.Td>
                    <Table.Td>
                      {c.certPem ? (
                        <Button size="xs" variant="subtle" onClick={() => saveFile(`${c.name}-ca.crt`, c.certPem!, 'application/x-pem-file')}>
                          {t('action.download')}
                        </Button>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td><Button size="xs" variant="subtle" component="a" href={`/api/pki/crl/${seg(c.name)}`} download>{t('action.download')}</Button></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Section>
      <Section title={t('pki.certificates')} actions={<Button size="sm" leftSection={<Icon name="plus" size={16} />} onClick={() => setIssuing(true)} disabled={cas.items.length === 0}>{t('pki.issue')}</Button>}>
        {certs.loading && !certs.data ? <Loading /> : certs.items.length === 0 ? <EmptyState title={t('pki.noCerts')} /> : (
          <ScrollArea type="auto">
            <Table striped verticalSpacing={6} miw={620}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('field.name')}</Table.Th>
                  <Table.Th>{t('pki.kind')}</Table.Th>
                  <Table.Th>{t('pki.cn')}</Table.Th>
                  <Table.Th>{t('pki.ca')}</Table.Th>
                  <Table.Th>{t('pki.expires')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {certs.items.map((c) => (
                  <Table.Tr key={c.name}>
                    <Table.Td fw={500}>{c.name}</Table.Td>
                    <Table.Td><Badge variant="light">{c.kind && isCertKind(c.kind) ? t(`pki.kind.${c.kind}`) : (c.kind ?? '—')}</Badge></Table.Td>
                    <Table.Td>{c.cn ?? subjectText(c.subject as CaInfo['subject'])}</Table.Td>
                    <Table.Td>{c.ca ?? '—'}</Table.Td>
                    <Table.Td>{formatDateTime(c.notAfter)}</Table.Td>
                    <Table.Td>
                      {c.revoked || c.revokedAt ? <Badge color="red" variant="light">{t('pki.revokedBadge')}</Badge> : (
                        <Button size="xs" color="red" variant="subtle" onClick={() => { setRevoking(c); setRevokingName(c.name); }}>{t('pki.revoke')}</Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Section>
      <Section title={t('pki.inspect')}>
        <Text size="sm" c="dimmed" mb="sm">{t('pki.inspectHint')}</Text>
        <FileButton onChange={(f) => void inspect(f)} multiple>
          {(props) => <Button {...props} variant="default">{t('doctor.chooseFiles')}</Button>}
        </FileButton>
        {inspected && (
          <Stack gap="sm" mt="md">
            {inspected.problems.length === 0 ? (
              <Alert color="teal" variant="light">{t('pki.noProblems')}</Alert>
            ) : (
              inspected.problems.map((p, i) => (
                <Alert key={i} color="orange" variant="light" title={p.code}>{p.message}</Alert>
              ))
            )}
            <Text size="sm" fw={600}>{t('pki.objects', { count: inspected.objects.length })}</Text>
            {inspected.objects.map((o, i) => (
              <Code key={i} block fz={11}>{JSON.stringify(o, null, 2)}</Code>
            ))}
            <Group>
              <Button variant="light" onClick={() => void importEasyRsa()}>{t('pki.importEasyRsa')}</Button>
            </Group>
          </Stack>
        )}
      </Section>
      <FormModal opened={newCa} title={t('pki.newCa')} fields={caFields} initial={{ keyType: 'ec-p256', validityDays: 3650, subject: {} }} editing={false} onClose={() => setNewCa(false)} onSubmit={createCa} idPrefix="new-ca" />
      <FormModal opened={issuing} title={t('pki.issue')} fields={certFields} initial={{ ca: cas.items[0]?.name, kind: 'client', dnsNames: [], ips: [] }} editing={false} onClose={() => setIssuing(false)} onSubmit={issue} idPrefix="new-cert" submitLabel={t('pki.issue')} />
      <Modal opened={revoking !== undefined} onClose={() => setRevoking(undefined)} title={t('pki.revokeTitle', { name: revokingName })} centered>
        <Stack>
          <Text size="sm">{t('pki.revokeWarning')}</Text>
          <TextInput id="revoke-reason" label={t('pki.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setRevoking(undefined)}>{t('action.cancel')}</Button>
            <Button color="red" onClick={() => void revoke()}>{t('pki.revoke')}</Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
