// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../i18n/i18n.js';
import { Verdict } from './ChainVerification.js';

afterEach(cleanup);

const renderVerdict = (verification: Parameters<typeof Verdict>[0]['verification']) =>
  render(
    <I18nProvider locale="en">
      <Verdict verification={verification} />
    </I18nProvider>,
  );

describe('audit chain verdict', () => {
  it('says the chain is intact and how many entries were verified', () => {
    renderVerdict({ ok: true, entries: 22915 });
    expect(screen.getByText('Intact: all 22,915 entries verified.')).toBeTruthy();
  });

  it('names the first broken entry, why, and its hashes', () => {
    renderVerdict({ ok: false, entries: 1041, broken: { seq: 1042, eventId: 'e-1042', reason: 'hash', expectedHash: 'aa11', storedHash: 'bb22' } });
    expect(screen.getByText('Broken at entry #1,042. The 1,041 entries before it are intact.')).toBeTruthy();
    expect(screen.getByText('its content does not match its hash')).toBeTruthy();
    expect(['e-1042', 'aa11', 'bb22'].map((v) => screen.getByText(v).tagName)).toEqual(['CODE', 'CODE', 'CODE']);
  });
});
