import { Group, Pagination, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Paging of a list the API answers a page at a time, with its true total. */
export function Pager({
  total,
  limit,
  offset,
  onOffset,
}: {
  total: number;
  limit: number;
  offset: number;
  onOffset: (offset: number) => void;
}) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="dimmed">
        {t('common.range', {
          from: total === 0 ? 0 : offset + 1,
          to: Math.min(total, offset + limit),
          total,
        })}
      </Text>
      {pages > 1 ? (
        <Pagination
          total={pages}
          value={Math.floor(offset / limit) + 1}
          onChange={(page) => onOffset((page - 1) * limit)}
          getControlProps={(control) => ({
            'aria-label': t(`common.page.${control}`),
          })}
          getItemProps={(page) => ({ 'aria-label': t('common.page.number', { page }) })}
        />
      ) : null}
    </Group>
  );
}
