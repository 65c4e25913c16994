import { notifications } from '@mantine/notifications';
import i18n from '../i18n';

/** A short confirmation in the corner, announced to screen readers, with a labelled close button. */
export function notifyDone(message: string): void {
  notifications.show({
    message,
    color: 'teal',
    autoClose: 5000,
    closeButtonProps: { 'aria-label': i18n.t('common.close') },
  });
}
