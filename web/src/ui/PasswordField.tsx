import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * A password field: its show/hide button named in the reader's language, and marked invalid for
 * assistive technology while it shows an error.
 */
export function PasswordField(props: PasswordInputProps) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
      aria-invalid={props.error ? true : undefined}
      {...props}
    />
  );
}
