import {
  Alert,
  Badge,
  createTheme,
  type CSSVariablesResolver,
  type MantineTheme,
  darken,
  defaultVariantColorsResolver,
  parseThemeColor,
  type VariantColorsResolver,
} from '@mantine/core';

/**
 * A filled control darkens under the pointer instead of taking the lighter shade (Mantine's
 * default when the shade is already the darkest): its white text keeps 4.5:1 while hovered.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (input.variant !== 'filled') return colors;
  const { value } = parseThemeColor({
    color: input.color ?? input.theme.primaryColor,
    theme: input.theme,
  });
  return { ...colors, hover: darken(value, 0.2) };
};

/** Green for movement and work; colours chosen for WCAG 2.2 AA contrast on white. */
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  defaultRadius: 'md',
  focusRing: 'always',
  variantColorResolver,
  components: {
    // Titles of light alerts in the body colour: the tinted one is too pale on its background.
    // (A filled alert keeps the white of its variant.)
    Alert: Alert.extend({
      styles: (_theme, props) => ({
        title: { color: props.variant === 'filled' ? undefined : 'var(--mantine-color-text)' },
      }),
    }),
    // Filled badges in the darkest shade, with the text colour chosen for contrast.
    Badge: Badge.extend({ defaultProps: { variant: 'filled', autoContrast: true } }),
  },
});

/** The primary colour a step past its darkest shade: links, and filled controls under the pointer. */
const darker = (resolved: MantineTheme) => darken(resolved.colors.teal[9], 0.2);

/** Secondary text dark enough for 4.5:1 on white (Mantine's default grey is lighter). */
export const cssVariables: CSSVariablesResolver = (resolved) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Links a step darker than the primary shade: 4.5:1 on a hovered or striped table row too.
    '--mantine-color-anchor': darker(resolved),
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    // A filled control of the primary colour without a colour of its own (Mantine reads this
    // variable for it): darker under the pointer, as variantColorResolver does for the others.
    '--mantine-primary-color-filled-hover': darker(resolved),
    '--mantine-color-teal-filled-hover': darker(resolved),
  },
  dark: {},
});
