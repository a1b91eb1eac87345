import { plural } from '../../../shared/mail/email-layout.js';
import type { CopyFacts, NotificationCopy } from './notification-copy.js';

const BY = { you: ' by you', booker: ' by the booker', staff: ' by staff', approver: ' by an approver', system: ' automatically' } as const;
const by = (f: CopyFacts): string => (f.actor ? BY[f.actor] : '');

const notYou = 'If it was not you, reset your password from the Reserva sign-in page right away and contact support.';

export const EN: NotificationCopy = {
  lang: 'en',
  greeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
  quote: (name) => name,
  signature: 'The Reserva team',
  linkFallback: 'If the button does not work, copy this address into your browser:',
  someSpace: 'a space',
  unknownDevice: 'an unknown browser',
  labels: {
    space: 'Space',
    site: 'Where',
    when: 'When',
    yourTime: 'Your time',
    purpose: 'Purpose',
    reason: 'Reason',
    comment: 'Comment',
    previous: 'Before',
    requested: 'Requested',
    closure: 'Closed',
    resource: 'Resource',
    signedInAt: 'Signed in',
    device: 'Browser',
  },
  actions: { booking: 'Open the booking', account: 'Open your account' },
  duration: (minutes) =>
    minutes % 60 === 0 ? plural('en', minutes / 60, { one: 'hour', other: 'hours' }) : plural('en', minutes, { one: 'minute', other: 'minutes' }),
  kinds: {
    'booking.requested': {
      subject: (f) => `Booking request received: ${f.space}`,
      intro: (f) => (f.actor === 'staff' ? `Staff requested a booking of ${f.space} for you.` : `Your request to book ${f.space} was received.`),
      outro: () => 'We will let you know as soon as it is confirmed.',
    },
    'booking.pending_approval': {
      subject: (f) => `Approval needed: ${f.space}`,
      intro: (f) => `A booking of ${f.space} is waiting for your approval.`,
    },
    'booking.approved': {
      subject: (f) => `Booking approved: ${f.space}`,
      intro: (f) => `The booking of ${f.space} was approved${by(f)}.`,
    },
    'booking.rejected': {
      subject: (f) => `Booking declined: ${f.space}`,
      intro: (f) =>
        f.rejectedBecause === 'conflict'
          ? `The booking of ${f.space} could not be made: the time is no longer free.`
          : f.rejectedBecause === 'abandoned'
            ? `The booking of ${f.space} could not be completed. Please try again.`
            : `The booking of ${f.space} was declined${by(f)}.`,
    },
    'booking.confirmed': {
      subject: (f) => `Booking confirmed: ${f.space}`,
      intro: (f) => `The booking of ${f.space} is confirmed.`,
    },
    'booking.changed': {
      subject: (f) => `Booking changed: ${f.space}`,
      intro: (f) => `The booking of ${f.space} was changed${by(f)}. These are its details now.`,
    },
    'booking.change_rejected': {
      subject: (f) => `Change not possible: ${f.space}`,
      intro: (f) =>
        f.rejectedBecause === 'conflict'
          ? `The booking of ${f.space} could not be moved: the requested time is not free. The booking stays as it was.`
          : `The change requested to the booking of ${f.space} could not be made; the booking stays as it was.`,
    },
    'booking.cancelled': {
      subject: (f) => `Booking cancelled: ${f.space}`,
      intro: (f) => `The booking of ${f.space} was cancelled${by(f)}.`,
    },
    'booking.reminder': {
      subject: (f) => `Reminder: ${f.space}, ${f.when}`,
      intro: (f) => (f.lead ? `Your booking of ${f.space} starts in ${f.lead}.` : `Your booking of ${f.space} starts soon.`),
      push: (f) => `${f.space}: ${f.when}`,
    },
    'booking.missed_checkin': {
      subject: (f) => `Missed check-in: ${f.space}`,
      intro: (f) => `Nobody checked in for the booking of ${f.space}.`,
      outro: () => 'If you no longer need the space, please cancel the booking so others can use it.',
    },
    'booking.disrupted': {
      subject: (f) => `Booking affected: ${f.space}`,
      intro: (f) =>
        f.disruption?.cause === 'resource_retired'
          ? `${f.disruption.resource ?? 'A resource'} is no longer available for the booking of ${f.space}.`
          : `${f.space} is closed during the booking below.`,
      outro: () => 'Please check the booking and change or cancel it if needed.',
    },
    'account.email_verified': {
      subject: () => 'Your email address is confirmed',
      intro: () => 'Your email address for Reserva is confirmed. Thank you!',
    },
    'account.password_reset_requested': {
      subject: () => 'Password reset requested',
      intro: () => 'Someone asked to reset the password of your Reserva account; the link went out in a separate email.',
      outro: () => 'If it was not you, ignore that email: your password stays as it is.',
    },
    'account.password_changed': {
      subject: () => 'Your Reserva password was changed',
      intro: (f) =>
        f.passwordChangedVia === 'reset'
          ? 'The password of your Reserva account was just reset with an emailed link. If it was you, there is nothing else to do.'
          : 'The password of your Reserva account was just changed. If it was you, there is nothing else to do.',
      outro: () => notYou,
    },
    'account.new_login': {
      subject: () => 'New sign-in to your Reserva account',
      intro: (f) => `Your Reserva account was signed in to from ${f.login?.device ?? 'an unknown browser'}.`,
      outro: () => notYou,
    },
    'account.two_factor_changed': {
      subject: () => 'Two-factor authentication changed',
      intro: (f) =>
        f.twoFactor === 'enabled'
          ? 'Two-factor authentication was turned on for your Reserva account.'
          : f.twoFactor === 'disabled'
            ? 'Two-factor authentication was turned off for your Reserva account.'
            : 'The two-factor authentication settings of your Reserva account were changed.',
      outro: () => notYou,
    },
  },
};
