import { describe, expect, it } from 'vitest';
import { emailLanguage, passwordChangedEmail, passwordResetEmail, verificationEmail } from './identity-emails.js';

const link = 'https://reserva.test/verify?token=abc&user=1';
const base = { to: 'ana@example.com', displayName: 'Ana', link };

describe('emailLanguage', () => {
  it.each([
    ['en', 'en'],
    ['en-GB', 'en'],
    ['pt', 'pt'],
    ['pt-PT', 'pt'],
    ['pt-BR', 'pt'],
    ['pt_BR', 'pt'],
    ['ru', 'ru'],
    ['ru-RU', 'ru'],
    ['RU', 'ru'],
    ['de-DE', 'en'],
    ['', 'en'],
    [undefined, 'en'],
  ])('%s → %s', (locale, language) => {
    expect(emailLanguage(locale)).toBe(language);
  });
});

describe('verificationEmail', () => {
  it.each([
    ['en', 'Confirm your Reserva email', 'Hello Ana,'],
    ['pt-PT', 'Confirme o seu email do Reserva', 'Olá Ana,'],
    ['pt-BR', 'Confirme o seu email do Reserva', 'Olá Ana,'],
    ['ru-RU', 'Подтвердите адрес электронной почты Reserva', 'Здравствуйте, Ana!'],
  ])('is written in the language of %s', (locale, subject, greeting) => {
    const mail = verificationEmail({ ...base, locale });
    expect(mail.to).toBe('ana@example.com');
    expect(mail.subject).toBe(subject);
    expect(mail.text.startsWith(greeting)).toBe(true);
    expect(mail.html).toContain(`lang="${locale.slice(0, 2)}"`);
  });

  it('falls back to English for other or missing locales', () => {
    expect(verificationEmail({ ...base, locale: 'fr-FR' }).subject).toBe('Confirm your Reserva email');
    expect(verificationEmail(base).subject).toBe('Confirm your Reserva email');
  });

  it('has the link in the text as is and in the HTML attribute-escaped', () => {
    const mail = verificationEmail(base);
    expect(mail.text).toContain(`\n${link}\n`);
    expect(mail.html).toContain('href="https://reserva.test/verify?token=abc&amp;user=1"');
  });

  it('escapes the display name in HTML and keeps it readable in the text', () => {
    const mail = verificationEmail({ ...base, displayName: '<script>alert("x")</script> & Co' });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(mail.text).toContain('Hello <script>alert("x")</script> & Co,');
  });

  it('greets without a name when the display name is blank', () => {
    expect(verificationEmail({ ...base, displayName: '  ' }).text.startsWith('Hello,\n')).toBe(true);
  });
});

describe('passwordResetEmail', () => {
  it.each([
    ['en', 'Reset your Reserva password', 'expires in 30 minutes'],
    ['pt', 'Redefina a sua palavra-passe do Reserva', 'expira dentro de 30 minutos'],
    ['ru', 'Сброс пароля Reserva', 'действует 30 минут'],
  ])('is written in the language of %s with the expiry', (locale, subject, expiry) => {
    const mail = passwordResetEmail({ ...base, locale, expiresInMinutes: 30 });
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain(expiry);
    expect(mail.html).toContain(expiry);
    expect(mail.text).toContain(link);
    expect(mail.html).toContain('href="https://reserva.test/verify?token=abc&amp;user=1"');
  });

  it('puts the minutes in the right Russian and English plural form', () => {
    const expiry = (locale: string, minutes: number) => passwordResetEmail({ ...base, locale, expiresInMinutes: minutes }).text;
    expect(expiry('ru', 1)).toContain('действует 1 минуту');
    expect(expiry('ru', 2)).toContain('действует 2 минуты');
    expect(expiry('ru', 11)).toContain('действует 11 минут');
    expect(expiry('ru', 21)).toContain('действует 21 минуту');
    expect(expiry('en', 1)).toContain('expires in 1 minute:');
  });

  it('escapes the display name in HTML', () => {
    const mail = passwordResetEmail({ ...base, displayName: '<script>x</script>', locale: 'ru', expiresInMinutes: 15 });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;x&lt;/script&gt;');
  });
});

describe('passwordChangedEmail', () => {
  it.each([
    ['en', 'Your Reserva password was changed'],
    ['pt-BR', 'A sua palavra-passe do Reserva foi alterada'],
    ['ru', 'Пароль Reserva изменён'],
    ['xx', 'Your Reserva password was changed'],
  ])('is a notice in the language of %s, without a link', (locale, subject) => {
    const mail = passwordChangedEmail({ to: 'ana@example.com', displayName: '<b>Ana</b>', locale });
    expect(mail.subject).toBe(subject);
    expect(mail.text).not.toMatch(/https?:/);
    expect(mail.html).not.toContain('href=');
    expect(mail.html).not.toContain('<b>Ana</b>');
    expect(mail.html).toContain('&lt;b&gt;Ana&lt;/b&gt;');
  });
});
