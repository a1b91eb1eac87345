import type { EmailLanguage } from '../../../shared/mail/email-layout.js';
import type { NotificationData } from '../notification-data.js';
import type { NotificationKind } from '../notification-kinds.js';

/** What a kind's sentences are built from, already formatted for the reader. */
export interface CopyFacts {
  /** The space's name (quoted), or the copy's `someSpace` while it is not known yet. */
  space: string;
  /** The booking's time in the site's zone, e.g. `Tue, 7 May 2030, 09:00–10:30 (Europe/Lisbon)`. */
  when: string;
  actor: NotificationData['actor'] | null;
  /** booking.disrupted: the closure's period (blackout) or the resource's name (retired). */
  disruption: { cause: 'blackout' | 'resource_retired'; period: string | null; resource: string | null } | null;
  /** account.new_login: when (reader's zone) and the browser, or the copy's `unknownDevice`. */
  login: { at: string; device: string } | null;
  rejectedBecause: NotificationData['rejectedBecause'] | null;
  /** booking.reminder: the lead time in words (`15 minutes`), or null. */
  lead: string | null;
  twoFactor: NotificationData['twoFactor'] | null;
  passwordChangedVia: NotificationData['passwordChangedVia'] | null;
}

export interface KindCopy {
  subject(f: CopyFacts): string;
  /** The opening paragraph; also the push body unless `push` says otherwise. */
  intro(f: CopyFacts): string;
  push?(f: CopyFacts): string;
  /** What to do about it, after the details. */
  outro?(f: CopyFacts): string;
}

/** One language's words for every notification; each kind must be written (the type says so). */
export interface NotificationCopy {
  lang: EmailLanguage;
  /** `name` is trimmed and may be empty. */
  greeting(name: string): string;
  /** How a space's name stands in a sentence (Russian quotes it: «Зал А»). */
  quote(name: string): string;
  signature: string;
  linkFallback: string;
  someSpace: string;
  unknownDevice: string;
  labels: {
    space: string; site: string; when: string; yourTime: string; purpose: string; reason: string; comment: string;
    /** booking.changed: the time before; booking.change_rejected: the time asked for. */
    previous: string; requested: string;
    closure: string; resource: string; signedInAt: string; device: string;
  };
  /** `15 minutes`, `2 hours`: a reminder's lead time. */
  duration(minutes: number): string;
  actions: { booking: string; account: string };
  kinds: Record<NotificationKind, KindCopy>;
}
