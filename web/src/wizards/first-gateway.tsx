import { Alert, Button, Group, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api } from '../api.js';
import { useToast } from '../components/toasts.js';
import { useI18n } from '../i18n/index.js';
import { wizardErrors } from './wizard-form.js';

/**
 * An empty install has no gateway, and nothing else can be created before one: the dashboard and both
 * wizards show this form in place of a dead end, and carry on once the gateway exists.
 */
export function FirstGateway({ onCreated }: { onCreated: (name: string) => void }) {
  const { t } = useI18n();
  const toast = useToast();
  const [name, setName] = useState('main');
  const [lanSubnets, setLan] = useState<string[]>([]);
  const [iface, setIface] = useState('eth0');
  const [address, setAddress] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    setErrors({});
    try {
      await api.post('/api/gateways', { name, lanSubnets, wanLinks: iface ? [{ name: 'wan', interface: iface, ...(address ? { address } : {}) }] : [] });
      toast.notify('success', t('toast.created', { name }));
      onCreated(name);
    } catch (e) {
      const mapped = wizardErrors(e, { name: 'name', lanSubnets: 'lanSubnets', 'wanLinks.0.interface': 'interface', 'wanLinks.0.address': 'address' });
      if (mapped) setErrors(mapped);
      else toast.fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="md" maw={520} data-testid="first-gateway">
      <Alert color="blue" variant="light" title={t('firstGateway.title')}>
        <Text size="sm">{t('firstGateway.text')}</Text>
      </Alert>
      {errors._general && <Alert color="red" variant="light" role="alert">{errors._general}</Alert>}
      <TextInput id="fg-name" label={t('field.name')} description={t('hint.resourceName')} value={name} onChange={(e) => setName(e.currentTarget.value.toLowerCase())} error={errors.name} required />
      <TagsInput id="fg-lan" label={t('gateway.lanSubnets')} description={t('firstGateway.lanHint')} value={lanSubnets} onChange={setLan} error={errors.lanSubnets} splitChars={[',', ' ']} acceptValueOnBlur placeholder="198.18.10.0/24" />
      <Group grow align="flex-start">
        <TextInput id="fg-interface" label={t('firstGateway.wanInterface')} value={iface} onChange={(e) => setIface(e.currentTarget.value.trim())} error={errors.interface} />
        <TextInput id="fg-address" label={t('gateway.address')} description={t('gateway.addressHint')} value={address} onChange={(e) => setAddress(e.currentTarget.value.trim())} error={errors.address} placeholder="198.18.0.1" />
      </Group>
      <Group>
        <Button onClick={() => void create()} loading={busy} disabled={!name} data-testid="first-gateway-create">{t('firstGateway.create')}</Button>
      </Group>
    </Stack>
  );
}
