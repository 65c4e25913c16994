import {
  AppShell,
  Badge,
  Burger,
  Button,
  Group,
  NavLink,
  NativeSelect,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, useLocation } from 'react-router';
import { api, unwrap } from '../api/client';
import { unreadQuery } from '../api/queries';
import { useMe, useSession } from '../auth/session';
import { isLanguage, LANGUAGES, rememberLanguage } from '../i18n';

/** The screens of each role's workspace, in the navigation's order. */
const NAVIGATION: Record<string, { to: string; label: string }[]> = {
  hr: [
    { to: '/dashboard', label: 'nav.dashboard' },
    { to: '/employees', label: 'nav.employees' },
    { to: '/imports', label: 'nav.imports' },
    { to: '/reports', label: 'nav.reports' },
  ],
  physio: [{ to: '/caseload', label: 'nav.caseload' }],
  occupational_doctor: [{ to: '/review', label: 'nav.review' }],
};

export function Shell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const session = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const unread = useQuery(unreadQuery());

  // The account's language wins over the browser's once signed in.
  useEffect(() => {
    if (isLanguage(me.locale) && me.locale !== i18n.language) rememberLanguage(me.locale);
  }, [me.locale, i18n]);

  // A new screen: the navigation closes on a phone, and focus goes to the new screen's content.
  useEffect(() => {
    close();
    main.current?.focus();
  }, [location.pathname, close]);

  const changeLanguage = async (language: string) => {
    if (!isLanguage(language)) return;
    rememberLanguage(language);
    const updated = await unwrap(api.PATCH('/me', { body: { locale: language } })).catch(
      () => undefined,
    );
    if (updated) session.update(updated);
  };

  const links = [...(NAVIGATION[me.role] ?? []), { to: '/inbox', label: 'nav.inbox' }];
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#content" className="visually-hidden">
        {t('nav.skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('nav.menu')}
            />
            <Title order={1} size="h4">
              {t('app.name')}
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <NativeSelect
              aria-label={t('nav.language')}
              value={i18n.language}
              onChange={(event) => void changeLanguage(event.currentTarget.value)}
              data={LANGUAGES.map((language) => ({
                value: language,
                label: t(`languages.${language}`),
              }))}
              size="xs"
            />
            <Text size="sm" visibleFrom="sm">
              {me.displayName}
            </Text>
            <Button size="xs" variant="default" onClick={() => void session.signOut()}>
              {t('nav.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label={t('nav.label')} component="nav">
        {links.map((link) => (
          <NavLink
            key={link.to}
            component={RouterLink}
            to={link.to}
            label={t(link.label)}
            active={location.pathname.startsWith(link.to)}
            variant="filled"
            color="dark"
            rightSection={
              link.to === '/inbox' && unread.data?.unread ? (
                <Badge
                  size="sm"
                  color="red"
                  variant="filled"
                  aria-label={t('nav.unread', { count: unread.data.unread })}
                >
                  {unread.data.unread}
                </Badge>
              ) : null
            }
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="content" ref={main} tabIndex={-1} style={{ outline: 'none' }}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
