import { Button, Group, Modal, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.js';

/** Asks before an action that cannot be undone; nothing happens on Cancel or close. */
export function ConfirmModal({ opened, title, children, action, onConfirm, onClose }: { opened: boolean; title: string; children: ReactNode; action: string; onConfirm: () => void; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Text mb="md" component="div" size="sm">{children}</Text>
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>{t('action.cancel')}</Button>
        <Button color="red" onClick={onConfirm} data-testid="confirm-action">{action}</Button>
      </Group>
    </Modal>
  );
}
