import '@mantine/core/styles.css';
import 'uplot/dist/uPlot.min.css';
import './app.css';
import { createTheme, MantineProvider, MantineThemeProvider, PasswordInput } from '@mantine/core';
import { StrictMode, useMemo, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { ToastProvider } from './components/toasts.js';
import { I18nProvider, useI18n } from './i18n/index.js';

performance.mark('corridor:script-start');

// System fonts only: the console must work with no internet, and CJK needs the platform's own fonts.
const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 7,
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  defaultRadius: 'md',
  focusRing: 'auto',
  headings: { fontWeight: '650' },
});

/** Mantine's own words (the label of the password field's eye button) in the console's language. */
function LocalizedMantine({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const localized = useMemo(
    () => createTheme({ components: { PasswordInput: PasswordInput.extend({ defaultProps: { visibilityToggleButtonProps: { 'aria-label': t('form.togglePassword') } } }) } }),
    [t],
  );
  return <MantineThemeProvider theme={localized}>{children}</MantineThemeProvider>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <I18nProvider>
        <LocalizedMantine>
          <ToastProvider>
            <App />
          </ToastProvider>
        </LocalizedMantine>
      </I18nProvider>
    </MantineProvider>
  </StrictMode>,
);
