import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import { useI18n } from '../i18n/index.js';

/**
 * A secret the API returns once (generated PSK, API token). It lives only in the state of the component
 * that shows it; "Done" drops it, and nothing can bring it back short of generating a new one.
 */
export function SecretOnce({ label, secret, onDone }: { label: string; secret: string; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <Alert color="yellow" variant="light" title={label} data-testid="secret-once">
      <Stack gap="xs">
        <Text size="sm">{t('secret.shownOnce')}</Text>
        <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap', fontSize: 14 }} data-testid="secret-value">
          {secret}
        </Code>
        <Group gap="xs">
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button size="xs" variant="light" onClick={copy}>
                {copied ? t('action.copied') : t('action.copy')}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" onClick={onDone}>
            {t('secret.saved')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
