import { emailLanguage, plural, renderEmail, type EmailBlock, type EmailLanguage } from '../../shared/mail/email-layout.js';
import type { MailMessage } from '../../shared/mail/mailer.js';

export { emailLanguage, type EmailLanguage } from '../../shared/mail/email-layout.js';

interface Recipient {
  to: string;
  /** User input: escaped in HTML. */
  displayName: string;
  locale?: string;
}

export function verificationEmail(input: Recipient & { link: string }): MailMessage {
  const copy = COPY[emailLanguage(input.locale)];
  return render(input, copy, copy.verification.subject, [
    { text: copy.verification.intro },
    { link: input.link, label: copy.verification.action },
    { text: copy.verification.ignore },
  ]);
}

export function passwordResetEmail(input: Recipient & { link: string; expiresInMinutes: number }): MailMessage {
  const copy = COPY[emailLanguage(input.locale)];
  return render(input, copy, copy.reset.subject, [
    { text: copy.reset.intro(input.expiresInMinutes) },
    { link: input.link, label: copy.reset.action },
    { text: copy.reset.ignore },
  ]);
}

/** A notice after the password changed; no link: someone who did not change it acts from the sign-in page they know. */
export function passwordChangedEmail(input: Recipient): MailMessage {
  const copy = COPY[emailLanguage(input.locale)];
  return render(input, copy, copy.changed.subject, [{ text: copy.changed.body }, { text: copy.changed.notYou }]);
}

function render(recipient: Recipient, copy: Copy, subject: string, blocks: EmailBlock[]): MailMessage {
  const greeting = copy.greeting(recipient.displayName.trim());
  return { to: recipient.to, ...renderEmail({ lang: copy.lang, subject, greeting, blocks, signature: copy.signature, linkFallback: copy.linkFallback }) };
}

interface Copy {
  lang: EmailLanguage;
  /** `name` is trimmed and may be empty. */
  greeting(name: string): string;
  signature: string;
  linkFallback: string;
  verification: { subject: string; intro: string; action: string; ignore: string };
  reset: { subject: string; intro(minutes: number): string; action: string; ignore: string };
  changed: { subject: string; body: string; notYou: string };
}

const COPY: Record<EmailLanguage, Copy> = {
  en: {
    lang: 'en',
    greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
    signature: 'The Reserva team',
    linkFallback: 'If the button does not work, copy this address into your browser:',
    verification: {
      subject: 'Confirm your Reserva email',
      intro: 'Please confirm your email address for Reserva by opening this link:',
      action: 'Confirm email',
      ignore: 'If you did not create a Reserva account, you can ignore this email.',
    },
    reset: {
      subject: 'Reset your Reserva password',
      intro: (minutes) =>
        `We received a request to reset the password of your Reserva account. Open this link to choose a new password; it works once and expires in ${plural('en', minutes, { one: 'minute', other: 'minutes' })}:`,
      action: 'Choose a new password',
      ignore: 'If you did not ask for this, ignore this email: your password stays as it is.',
    },
    changed: {
      subject: 'Your Reserva password was changed',
      body: 'The password of your Reserva account was just changed. If it was you, there is nothing else to do.',
      notYou: 'If it was not you, reset your password from the Reserva sign-in page right away and contact support.',
    },
  },
  pt: {
    lang: 'pt',
    greeting: (name) => (name ? `Olá ${name},` : 'Olá,'),
    signature: 'A equipa Reserva',
    linkFallback: 'Se o botão não funcionar, copie este endereço para o seu navegador:',
    verification: {
      subject: 'Confirme o seu email do Reserva',
      intro: 'Confirme o seu endereço de email no Reserva abrindo este link:',
      action: 'Confirmar email',
      ignore: 'Se não criou uma conta no Reserva, pode ignorar este email.',
    },
    reset: {
      subject: 'Redefina a sua palavra-passe do Reserva',
      intro: (minutes) =>
        `Recebemos um pedido para redefinir a palavra-passe da sua conta Reserva. Abra este link para escolher uma nova palavra-passe; só pode ser usado uma vez e expira dentro de ${plural('pt', minutes, { one: 'minuto', other: 'minutos' })}:`,
      action: 'Escolher nova palavra-passe',
      ignore: 'Se não fez este pedido, ignore este email: a sua palavra-passe não muda.',
    },
    changed: {
      subject: 'A sua palavra-passe do Reserva foi alterada',
      body: 'A palavra-passe da sua conta Reserva acabou de ser alterada. Se foi você, não precisa de fazer mais nada.',
      notYou: 'Se não foi você, redefina já a palavra-passe na página de entrada do Reserva e contacte o suporte.',
    },
  },
  ru: {
    lang: 'ru',
    greeting: (name) => (name ? `Здравствуйте, ${name}!` : 'Здравствуйте!'),
    signature: 'Команда Reserva',
    linkFallback: 'Если кнопка не работает, скопируйте этот адрес в браузер:',
    verification: {
      subject: 'Подтвердите адрес электронной почты Reserva',
      intro: 'Подтвердите адрес электронной почты для Reserva, открыв эту ссылку:',
      action: 'Подтвердить адрес',
      ignore: 'Если вы не создавали аккаунт Reserva, просто проигнорируйте это письмо.',
    },
    reset: {
      subject: 'Сброс пароля Reserva',
      intro: (minutes) =>
        `Мы получили запрос на сброс пароля вашего аккаунта Reserva. Откройте ссылку, чтобы задать новый пароль; она одноразовая и действует ${plural('ru', minutes, { one: 'минуту', few: 'минуты', many: 'минут', other: 'минуты' })}:`,
      action: 'Задать новый пароль',
      ignore: 'Если вы не запрашивали сброс, проигнорируйте это письмо: ваш пароль останется прежним.',
    },
    changed: {
      subject: 'Пароль Reserva изменён',
      body: 'Пароль вашего аккаунта Reserva только что был изменён. Если это были вы, больше ничего делать не нужно.',
      notYou: 'Если это были не вы, немедленно сбросьте пароль на странице входа Reserva и свяжитесь со службой поддержки.',
    },
  },
};
