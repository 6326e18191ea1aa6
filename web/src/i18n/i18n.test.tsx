import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { dictionaries, I18nProvider, translate, useI18n } from './index.js';
import { zhCN } from './zh-CN.js';

describe('dictionaries', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('have no empty values', () => {
    for (const [lang, dict] of Object.entries(dictionaries)) {
      const empty = Object.entries(dict).filter(([, v]) => typeof v !== 'string' || v.trim() === '');
      expect(empty, lang).toEqual([]);
    }
  });

  it('use the same placeholders in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const mismatched = Object.keys(en).filter((k) => JSON.stringify(vars(en[k as keyof typeof en])) !== JSON.stringify(vars(zhCN[k as keyof typeof en])));
    expect(mismatched).toEqual([]);
  });

  it('translate Chinese strings into Chinese characters', () => {
    const untranslated = Object.keys(en).filter((k) => {
      const zh = zhCN[k as keyof typeof en];
      return zh === en[k as keyof typeof en] && /[a-z]{4,}/i.test(zh) && !/^[A-Z0-9 /_-]+$/.test(zh);
    });
    expect(untranslated).toEqual([]);
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'login.lockedUntil', { time: '14:05' })).toBe('Locked until 14:05');
    expect(translate('zh-CN', 'login.lockedUntil', { time: '14:05' })).toBe('锁定至 14:05');
    expect(translate('en', 'login.lockedUntil', {})).toBe('Locked until {time}');
  });

  it('switches the rendered language through the provider', () => {
    function Probe() {
      const { t, setLang } = useI18n();
      return (
        <button type="button" onClick={() => setLang('zh-CN')}>
          {t('nav.users')}
        </button>
      );
    }
    render(
      <I18nProvider initial="en">
        <Probe />
      </I18nProvider>,
    );
    const button = screen.getByRole('button');
    expect(button.textContent).toBe('Users');
    button.click();
    return new Promise<void>((resolve) =>
      setTimeout(() => {
        expect(screen.getByRole('button').textContent).toBe('用户');
        expect(document.documentElement.lang).toBe('zh-CN');
        resolve();
      }, 0),
    );
  });
});
