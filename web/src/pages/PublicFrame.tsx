import { Box, Center, Group, NativeSelect, Paper, Stack, Title } from '@mantine/core';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, rememberLanguage, isLanguage } from '../i18n';

/** The frame of the screens before sign-in: the product's name, the language, one card. */
export function PublicFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [title]);
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack w="100%" maw={420} gap="md">
        <Group justify="space-between">
          <Box fw={700}>{t('app.name')}</Box>
          <NativeSelect
            aria-label={t('nav.language')}
            size="xs"
            value={i18n.language}
            onChange={(event) => {
              const language = event.currentTarget.value;
              if (isLanguage(language)) rememberLanguage(language);
            }}
            data={LANGUAGES.map((language) => ({
              value: language,
              label: t(`languages.${language}`),
            }))}
          />
        </Group>
        <Paper withBorder p="lg" radius="md">
          <Stack gap="md">
            <Title order={1} size="h3" ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
              {title}
            </Title>
            {children}
          </Stack>
        </Paper>
      </Stack>
    </Center>
  );
}
