import { Group, Text } from '@mantine/core';

export function Logo() {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width="26" height="26" viewBox="0 0 24 24" aria-hidden="true">
        <rect width="24" height="24" rx="6" fill="var(--mantine-color-blue-7)" />
        <path d="M5 12h14M13 6l6 6-6 6" stroke="white" strokeWidth="2.4" fill="none" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <Text fw={700} fz="lg" style={{ letterSpacing: '-0.01em' }}>
        Corridor
      </Text>
    </Group>
  );
}
