import { Alert, Button, Group, PasswordInput, Select, SimpleGrid, Stack, Stepper, TagsInput, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { api, seg } from '../api.js';
import type { Gateway, PeerVendor } from '../api-types.js';
import { Loading, PageHeader, Section } from '../components/layout.js';
import { SecretOnce } from '../components/secret-once.js';
import { useToast } from '../components/toasts.js';
import { useI18n } from '../i18n/index.js';
import { ExportView } from '../pages/sites.js';
import { vendorLabel } from '../pages/site-resources.js';
import { useList } from '../use-data.js';
import { generatePsk, wizardErrors } from './wizard-form.js';
import { FirstGateway } from './first-gateway.js';

const COMMON_VENDORS: PeerVendor[] = ['huawei-cloud', 'huawei', 'cisco-ios', 'fortigate', 'strongswan', 'aws', 'azure', 'alibaba', 'generic'];
const FIELD_STEP: Record<string, number> = { vendor: 0, name: 0, address: 1, psk: 1, gateway: 2, localSubnets: 2, remoteSubnets: 2 };

export function ConnectBranchWizard() {
  const { t } = useI18n();
  const toast = useToast();
  const gateways = useList<Gateway>('/api/gateways');
  const [step, setStep] = useState(0);
  const [vendor, setVendor] = useState<PeerVendor>('huawei');
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [psk, setPsk] = useState('');
  const [gateway, setGateway] = useState<string | null>(null);
  const [localSubnets, setLocal] = useState<string[] | undefined>();
  const [remoteSubnets, setRemote] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [peerCreated, setPeerCreated] = useState(false);

  const gw = gateway ?? gateways.items[0]?.name ?? null;
  const local = localSubnets ?? gateways.items.find((g) => g.name === gw)?.lanSubnets ?? [];

  const fail = (e: unknown, rename: Record<string, string>) => {
    const mapped = wizardErrors(e, rename);
    if (!mapped) {
      toast.fail(e);
      return;
    }
    setErrors(mapped);
    const first = Object.keys(mapped).map((k) => FIELD_STEP[k]).filter((s): s is number => s !== undefined);
    if (first.length) setStep(Math.min(...first));
  };

  const finish = async () => {
    setBusy(true);
    setErrors({});
    const peer = { name, vendor, addresses: [address] };
    try {
      if (peerCreated) await api.patch(`/api/peers/${seg(name)}`, peer);
      else await api.post('/api/peers', peer);
      setPeerCreated(true);
    } catch (e) {
      fail(e, { name: 'name', addresses: 'address', vendor: 'vendor' });
      setBusy(false);
      return;
    }
    try {
      await api.post('/api/sites', { name, gateway: gw, peer: name, auth: 'psk', psk, localSubnets: local, remoteSubnets });
      toast.notify('success', t('wizard.branch.created', { name }));
      setStep(3);
    } catch (e) {
      fail(e, { name: 'name', psk: 'psk', gateway: 'gateway', localSubnets: 'localSubnets', remoteSubnets: 'remoteSubnets' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="lg">
      <PageHeader title={t('wizard.branch.title')} description={t('wizard.branch.description')} />
      <Section title={t('wizard.branch.title')}>
        {errors._general && (
          <Alert color="red" variant="light" mb="md" role="alert">
            {errors._general}
          </Alert>
        )}
        {!gateways.data ? (
          <Loading />
        ) : gateways.items.length === 0 ? (
          <FirstGateway onCreated={(created) => { setGateway(created); gateways.reload(); }} />
        ) : (<>
        <Stepper active={step} onStepClick={(s) => step < 3 && s < step && setStep(s)} size="sm" allowNextStepsSelect={false}>
          <Stepper.Step label={t('wizard.branch.step.peer')}>
            <Stack gap="md" mt="md">
              <Text size="sm" fw={500} id="vendor-label">
                {t('wizard.branch.vendor')}
              </Text>
              <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" role="radiogroup" aria-labelledby="vendor-label">
                {COMMON_VENDORS.map((v) => (
                  <UnstyledButton
                    key={v}
                    role="radio"
                    aria-checked={vendor === v}
                    onClick={() => setVendor(v)}
                    p="sm"
                    style={{
                      border: `2px solid ${vendor === v ? 'var(--mantine-color-blue-7)' : 'var(--mantine-color-gray-3)'}`,
                      borderRadius: 8,
                      background: vendor === v ? 'var(--mantine-color-blue-0)' : 'white',
                      textAlign: 'center',
                      fontWeight: 500,
                      fontSize: 14,
                    }}
                    data-vendor={v}
                  >
                    {vendorLabel(v, t)}
                  </UnstyledButton>
                ))}
              </SimpleGrid>
              <TextInput id="wb-name" label={t('wizard.branch.name')} description={t('hint.resourceName')} value={name} onChange={(e) => setName(e.currentTarget.value.toLowerCase())} error={errors.name} required placeholder="branch-shanghai" />
            </Stack>
          </Stepper.Step>
          <Stepper.Step label={t('wizard.branch.step.address')}>
            <Stack gap="md" mt="md" maw={520}>
              <TextInput id="wb-address" label={t('wizard.branch.address')} description={t('peer.addressesHint')} value={address} onChange={(e) => setAddress(e.currentTarget.value.trim())} error={errors.address} required placeholder="198.18.0.2" />
              <Group align="flex-end" gap="xs" wrap="nowrap">
                <PasswordInput id="wb-psk" label={t('site.psk')} description={t('wizard.branch.pskHint')} value={psk} onChange={(e) => setPsk(e.currentTarget.value)} error={errors.psk} required style={{ flex: 1 }} />
                <Button variant="default" onClick={() => setPsk(generatePsk())}>
                  {t('wizard.branch.generate')}
                </Button>
              </Group>
            </Stack>
          </Stepper.Step>
          <Stepper.Step label={t('wizard.branch.step.subnets')}>
            <Stack gap="md" mt="md" maw={520}>
              <Select id="wb-gateway" label={t('field.gateway')} data={gateways.items.map((g) => ({ value: g.name, label: g.name }))} value={gw} onChange={setGateway} error={errors.gateway} required allowDeselect={false} />
              <TagsInput id="wb-local" label={t('site.localSubnets')} description={t('form.listHint')} value={local} onChange={setLocal} error={errors.localSubnets} splitChars={[',', ' ']} acceptValueOnBlur required />
              <TagsInput id="wb-remote" label={t('site.remoteSubnets')} description={t('wizard.branch.remoteHint')} value={remoteSubnets} onChange={setRemote} error={errors.remoteSubnets} splitChars={[',', ' ']} acceptValueOnBlur required />
            </Stack>
          </Stepper.Step>
          <Stepper.Completed>
            <Stack gap="md" mt="md">
              <Alert color="teal" variant="light" title={t('wizard.branch.doneTitle')}>
                {t('wizard.branch.doneText', { vendor: vendorLabel(vendor, t) })}
              </Alert>
              {psk && <SecretOnce label={t('site.psk')} secret={psk} onDone={() => setPsk('')} />}
              <ExportView site={name} vendor={vendor} />
              <Group>
                <Button component="a" href="#/sites" variant="light">
                  {t('wizard.branch.toSites')}
                </Button>
              </Group>
            </Stack>
          </Stepper.Completed>
        </Stepper>
        {step < 3 && (
          <Group justify="space-between" mt="xl">
            <Button variant="default" disabled={step === 0} onClick={() => setStep(step - 1)}>
              {t('action.back')}
            </Button>
            {step < 2 ? (
              <Button onClick={() => setStep(step + 1)} disabled={(step === 0 && !name) || (step === 1 && (!address || !psk))}>
                {t('action.next')}
              </Button>
            ) : (
              <Button onClick={() => void finish()} loading={busy} disabled={!gw || remoteSubnets.length === 0}>
                {t('wizard.branch.finish')}
              </Button>
            )}
          </Group>
        )}
        </>)}
      </Section>
    </Stack>
  );
}
