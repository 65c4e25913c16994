import { Alert, Badge, createTheme, type CSSVariablesResolver } from '@mantine/core';

/** Green for movement and work; colours chosen for WCAG 2.2 AA contrast on white. */
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'md',
  focusRing: 'always',
  components: {
    // Titles of light alerts in the body colour: the tinted one is too pale on its background.
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } }),
    // Filled badges in the darkest shade, with the text colour chosen for contrast.
    Badge: Badge.extend({ defaultProps: { variant: 'filled', autoContrast: true } }),
  },
});

/** Secondary text dark enough for 4.5:1 on white (Mantine's default grey is lighter). */
export const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
  },
  dark: {},
});
