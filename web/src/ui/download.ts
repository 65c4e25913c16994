import { notifications } from '@mantine/notifications';
import { ApiProblem } from '../api/problem';
import i18n, { problemMessage } from '../i18n';

/**
 * Saves a file the API answers (a calendar file, a template, an export) under `name`. The call
 * carries the session's token, so a plain link would not do. A refusal shows as a notification.
 */
export async function saveFile(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
  name: string,
): Promise<void> {
  try {
    const { data, error, response } = await call;
    if (!response.ok || !(data instanceof Blob)) {
      const problem = typeof error === 'object' && error !== null ? error : undefined;
      throw new ApiProblem(
        response.status,
        problem as ConstructorParameters<typeof ApiProblem>[1],
        response.headers.get('Retry-After'),
      );
    }
    const url = URL.createObjectURL(data);
    const link = Object.assign(document.createElement('a'), {
      href: url,
      download: name,
      hidden: true,
    });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    notifications.show({
      color: 'red',
      title: i18n.t('common.problemTitle'),
      message:
        error instanceof ApiProblem
          ? problemMessage(error.code, i18n.language)
          : i18n.t('common.unexpected'),
      closeButtonProps: { 'aria-label': i18n.t('common.close') },
    });
  }
}
