import { plural } from '../../../shared/mail/email-layout.js';
import type { CopyFacts, NotificationCopy } from './notification-copy.js';

const BY = { you: ' вами', booker: ' автором бронирования', staff: ' сотрудником', approver: ' согласующим', system: ' автоматически' } as const;
const by = (f: CopyFacts): string => (f.actor ? BY[f.actor] : '');

const notYou = 'Если это были не вы, немедленно сбросьте пароль на странице входа Reserva и свяжитесь со службой поддержки.';

/** Space names stand in «quotes», so sentences need not decline them. */
export const RU: NotificationCopy = {
  lang: 'ru',
  greeting: (name) => (name ? `Здравствуйте, ${name}!` : 'Здравствуйте!'),
  quote: (name) => `«${name}»`,
  signature: 'Команда Reserva',
  linkFallback: 'Если кнопка не работает, скопируйте этот адрес в браузер:',
  someSpace: '(название уточняется)',
  unknownDevice: 'неизвестный браузер',
  labels: {
    space: 'Помещение',
    site: 'Где',
    when: 'Когда',
    yourTime: 'По вашему времени',
    purpose: 'Цель',
    reason: 'Причина',
    comment: 'Комментарий',
    previous: 'Было',
    requested: 'Запрошено',
    closure: 'Закрыто',
    resource: 'Ресурс',
    signedInAt: 'Вход',
    device: 'Браузер',
  },
  actions: { booking: 'Открыть бронирование', account: 'Открыть аккаунт' },
  duration: (minutes) =>
    minutes % 60 === 0
      ? plural('ru', minutes / 60, { one: 'час', few: 'часа', many: 'часов', other: 'часа' })
      : plural('ru', minutes, { one: 'минуту', few: 'минуты', many: 'минут', other: 'минуты' }),
  kinds: {
    'booking.requested': {
      subject: (f) => `Запрос на бронирование получен: ${f.space}`,
      intro: (f) => (f.actor === 'staff' ? `Сотрудник запросил для вас бронирование ${f.space}.` : `Ваш запрос на бронирование ${f.space} получен.`),
      outro: () => 'Мы сообщим, как только оно будет подтверждено.',
    },
    'booking.pending_approval': {
      subject: (f) => `Требуется согласование: ${f.space}`,
      intro: (f) => `Бронирование ${f.space} ожидает вашего согласования.`,
    },
    'booking.approved': {
      subject: (f) => `Бронирование одобрено: ${f.space}`,
      intro: (f) => `Бронирование ${f.space} одобрено${by(f)}.`,
    },
    'booking.rejected': {
      subject: (f) => `Бронирование отклонено: ${f.space}`,
      intro: (f) =>
        f.rejectedBecause === 'conflict'
          ? `Забронировать ${f.space} не удалось: это время уже занято.`
          : f.rejectedBecause === 'abandoned'
            ? `Бронирование ${f.space} не удалось завершить. Попробуйте ещё раз.`
            : `Бронирование ${f.space} отклонено${by(f)}.`,
    },
    'booking.confirmed': {
      subject: (f) => `Бронирование подтверждено: ${f.space}`,
      intro: (f) => `Бронирование ${f.space} подтверждено.`,
    },
    'booking.changed': {
      subject: (f) => `Бронирование изменено: ${f.space}`,
      intro: (f) => `Бронирование ${f.space} изменено${by(f)}. Актуальные данные ниже.`,
    },
    'booking.change_rejected': {
      subject: (f) => `Изменение невозможно: ${f.space}`,
      intro: (f) =>
        f.rejectedBecause === 'conflict'
          ? `Перенести бронирование ${f.space} не удалось: запрошенное время занято. Бронирование осталось прежним.`
          : `Запрошенное изменение бронирования ${f.space} выполнить не удалось; бронирование осталось прежним.`,
    },
    'booking.cancelled': {
      subject: (f) => `Бронирование отменено: ${f.space}`,
      intro: (f) => `Бронирование ${f.space} отменено${by(f)}.`,
    },
    'booking.reminder': {
      subject: (f) => `Напоминание: ${f.space}, ${f.when}`,
      intro: (f) => (f.lead ? `Ваше бронирование ${f.space} начнётся через ${f.lead}.` : `Ваше бронирование ${f.space} скоро начнётся.`),
      push: (f) => `${f.space}: ${f.when}`,
    },
    'booking.missed_checkin': {
      subject: (f) => `Пропущена регистрация: ${f.space}`,
      intro: (f) => `По бронированию ${f.space} никто не отметился.`,
      outro: () => 'Если помещение вам больше не нужно, отмените бронирование, чтобы им могли воспользоваться другие.',
    },
    'booking.disrupted': {
      subject: (f) => `Бронирование затронуто: ${f.space}`,
      intro: (f) =>
        f.disruption?.cause === 'resource_retired'
          ? `${f.disruption.resource ? `Ресурс «${f.disruption.resource}»` : 'Один из ресурсов'} больше недоступен для бронирования ${f.space}.`
          : `Помещение ${f.space} закрыто на время бронирования, указанного ниже.`,
      outro: () => 'Проверьте бронирование и при необходимости измените или отмените его.',
    },
    'account.email_verified': {
      subject: () => 'Адрес электронной почты подтверждён',
      intro: () => 'Ваш адрес электронной почты для Reserva подтверждён. Спасибо!',
    },
    'account.password_reset_requested': {
      subject: () => 'Запрошен сброс пароля',
      intro: () => 'Кто-то запросил сброс пароля вашего аккаунта Reserva; ссылка отправлена отдельным письмом.',
      outro: () => 'Если это были не вы, проигнорируйте то письмо: ваш пароль останется прежним.',
    },
    'account.password_changed': {
      subject: () => 'Пароль Reserva изменён',
      intro: (f) =>
        f.passwordChangedVia === 'reset'
          ? 'Пароль вашего аккаунта Reserva только что был сброшен по ссылке из письма. Если это были вы, больше ничего делать не нужно.'
          : 'Пароль вашего аккаунта Reserva только что был изменён. Если это были вы, больше ничего делать не нужно.',
      outro: () => notYou,
    },
    'account.new_login': {
      subject: () => 'Новый вход в аккаунт Reserva',
      intro: (f) => `В ваш аккаунт Reserva выполнен вход. Браузер: ${f.login?.device ?? 'неизвестный браузер'}.`,
      outro: () => notYou,
    },
    'account.two_factor_changed': {
      subject: () => 'Двухфакторная аутентификация изменена',
      intro: (f) =>
        f.twoFactor === 'enabled'
          ? 'Для вашего аккаунта Reserva включена двухфакторная аутентификация.'
          : f.twoFactor === 'disabled'
            ? 'Для вашего аккаунта Reserva отключена двухфакторная аутентификация.'
            : 'Настройки двухфакторной аутентификации вашего аккаунта Reserva изменены.',
      outro: () => notYou,
    },
  },
};
