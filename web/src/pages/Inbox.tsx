import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../api/client';
import { useFormat } from '../i18n';
import { Pager } from '../ui/Pager';
import { Empty, ProblemAlert, QueryState } from '../ui/states';

const PAGE = 20;

/** The notifications of the signed-in account, newest first, in its language. */
export default function Inbox() {
  const { t } = useTranslation();
  const format = useFormat();
  const queries = useQueryClient();
  const [offset, setOffset] = useState(0);
  const inbox = useQuery({
    queryKey: ['notifications', 'page', offset],
    queryFn: () =>
      unwrap(api.GET('/notifications', { params: { query: { limit: PAGE, offset } } })),
    placeholderData: keepPreviousData,
  });
  const read = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST('/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => void queries.invalidateQueries({ queryKey: ['notifications'] }),
  });
  return (
    <Stack>
      <Title order={2}>{t('inbox.title')}</Title>
      {read.isError ? <ProblemAlert error={read.error} /> : null}
      <QueryState query={inbox}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty title={t('inbox.empty')} />
          ) : (
            <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
              {page.items.map((item) => (
                <Paper key={item.id} withBorder p="sm" component="li">
                  <Group justify="space-between" wrap="nowrap" align="start">
                    <Stack gap={2}>
                      <Group gap="xs">
                        {!item.readAt ? (
                          <Badge size="xs" color="red" variant="filled">
                            {t('inbox.new')}
                          </Badge>
                        ) : null}
                        <Text size="xs" c="dimmed">
                          {format.moment(item.createdAt)}
                        </Text>
                      </Group>
                      <Text>{item.text}</Text>
                      {item.episodeId ? (
                        <Anchor component={Link} to={`/episodes/${item.episodeId}`} size="sm">
                          {t('inbox.open')}
                        </Anchor>
                      ) : null}
                    </Stack>
                    {!item.readAt ? (
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => read.mutate(item.id)}
                        loading={read.isPending && read.variables === item.id}
                      >
                        {t('inbox.markRead')}
                      </Button>
                    ) : null}
                  </Group>
                </Paper>
              ))}
            </Stack>
          )
        }
      </QueryState>
      {inbox.data ? (
        <Pager total={inbox.data.total} limit={PAGE} offset={offset} onOffset={setOffset} />
      ) : null}
    </Stack>
  );
}
