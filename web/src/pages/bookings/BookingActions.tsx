import { useState } from 'react';
import type { BookingDetails, Space } from '../../api/types.js';
import { useSession } from '../../auth/session.js';
import { useT, type MessageKey } from '../../i18n/i18n.js';
import { useTime } from '../../time/use-time.js';
import { Confirmation } from '../../ui/ConfirmDialog.js';
import { Dialog } from '../../ui/Dialog.js';
import { TextArea } from '../../ui/Field.js';
import { useAction } from '../../ui/use-async.js';
import { bookingApi, type BookingTransition } from './booking-api.js';
import { BookingProblem } from './BookingProblem.js';
import { useNow } from './use-now.js';

/** Check-in opens this long before the start (CHECK_IN_GRACE_MINUTES on the server). */
const CHECK_IN_EARLY_MS = 15 * 60_000;

type DialogKind = Exclude<BookingTransition, 'check-in'>;

const DIALOG: Record<DialogKind, { title: MessageKey; explain: MessageKey; field: MessageKey; confirm: MessageKey; danger: boolean }> = {
  cancel: { title: 'bookings.cancel.title', explain: 'bookings.cancel.explain', field: 'bookings.cancel.reason', confirm: 'bookings.cancel.confirm', danger: true },
  approve: { title: 'bookings.approve.title', explain: 'bookings.approve.explain', field: 'bookings.decision.comment', confirm: 'bookings.approve.confirm', danger: false },
  reject: { title: 'bookings.reject.title', explain: 'bookings.reject.explain', field: 'bookings.decision.comment', confirm: 'bookings.reject.confirm', danger: true },
};

/**
 * What the viewer may do with the booking now, by its status, the change deadline, the check-in
 * window and their permissions on its site. The server checks again; its refusals are shown here.
 */
export function BookingActions({ booking, space, onEdit, onChanged, onReload }: {
  booking: BookingDetails;
  space: Space;
  onEdit(): void;
  onChanged(action: BookingTransition): void;
  /** After a 412: load the booking afresh. */
  onReload(): void;
}) {
  const t = useT();
  const time = useTime();
  const { user, can } = useSession();
  const now = useNow();
  const [dialog, setDialog] = useState<DialogKind | null>(null);
  const [text, setText] = useState('');
  const action = useAction(async (kind: BookingTransition) => {
    await bookingApi.transition(booking.id, kind, booking.revision, text.trim());
    setDialog(null);
    setText('');
    onChanged(kind);
  });

  const site = booking.siteId;
  const own = booking.bookerId === user?.userId;
  const active = booking.status === 'confirmed' || booking.status === 'pending_approval';
  const start = Date.parse(booking.start);
  const deadline = start - space.policy.changeDeadlineMinutes * 60_000;
  const beforeDeadline = now < deadline;
  const changeAny = can('booking.change.any', site);
  const cancelAny = can('booking.cancel.any', site);
  const mayChange = active && (changeAny || (own && beforeDeadline && can('booking.change.own', site)));
  const mayCancel = active && (cancelAny || (own && beforeDeadline && can('booking.cancel.own', site)));
  const mayCheckIn = booking.status === 'confirmed' && ((own && can('booking.checkin', site)) || can('booking.attendance.manage', site));
  const checkInFrom = start - CHECK_IN_EARLY_MS;
  const checkInOpen = mayCheckIn && now >= checkInFrom && now < Date.parse(booking.end);
  const mayDecide = booking.status === 'pending_approval' && can('booking.approve', site);
  const deadlineText = time.format(new Date(deadline));

  const hints: string[] = [];
  if (active && own && beforeDeadline) hints.push(t('bookings.actions.untilDeadline', { deadline: deadlineText }));
  if (active && !beforeDeadline && now < start) hints.push(t(changeAny || cancelAny ? 'bookings.actions.pastDeadlineOverride' : 'bookings.actions.pastDeadline', { deadline: deadlineText }));
  if (mayCheckIn && now < checkInFrom) hints.push(t('bookings.actions.checkInOpens', { time: time.format(new Date(checkInFrom)) }));

  const open = (kind: DialogKind) => {
    action.clearError();
    setText('');
    setDialog(kind);
  };
  const problem = action.error && (
    <BookingProblem
      problem={action.error.problem}
      tone="error"
      timeZone={time.timeZone}
      spaceId={space.id}
      targetName={(id) => (id === space.id ? space.name : undefined)}
      labelOf={() => undefined}
      onReload={() => {
        setDialog(null);
        action.clearError();
        onReload();
      }}
    />
  );
  const any = mayChange || mayCancel || checkInOpen || mayDecide;
  const spec = dialog ? DIALOG[dialog] : undefined;

  return (
    <section className="card bookings-actions" aria-labelledby="booking-actions-title">
      <h2 id="booking-actions-title">{t('bookings.actions.title')}</h2>
      {hints.map((hint) => (
        <p key={hint} className="muted">
          {hint}
        </p>
      ))}
      {any ? (
        <div className="actions">
          {checkInOpen && (
            <button type="button" disabled={action.pending} onClick={() => void action.run('check-in')} data-testid="booking-check-in">
              {t('bookings.actions.checkIn')}
            </button>
          )}
          {mayDecide && (
            <>
              <button type="button" onClick={() => open('approve')}>
                {t('bookings.approve.title')}
              </button>
              <button type="button" className="secondary" onClick={() => open('reject')}>
                {t('bookings.reject.title')}
              </button>
            </>
          )}
          {mayChange && (
            <button type="button" className="secondary" onClick={onEdit} data-testid="booking-change">
              {t('bookings.actions.change')}
            </button>
          )}
          {mayCancel && (
            <button type="button" className="secondary" onClick={() => open('cancel')} data-testid="booking-cancel">
              {t('bookings.cancel.title')}
            </button>
          )}
        </div>
      ) : (
        hints.length === 0 && <p className="muted">{t('bookings.actions.none')}</p>
      )}
      {!dialog && problem}
      <Dialog open={dialog !== null} title={spec ? t(spec.title) : ''} onClose={() => setDialog(null)}>
        {dialog && spec && (
          <Confirmation
            message={t(spec.explain)}
            confirmLabel={t(spec.confirm)}
            cancelLabel={t('bookings.actions.back')}
            danger={spec.danger}
            disabled={action.pending}
            onConfirm={() => void action.run(dialog)}
            onCancel={() => setDialog(null)}
          >
            <TextArea label={t(spec.field)} maxLength={dialog === 'cancel' ? 500 : 1000} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
            {problem}
          </Confirmation>
        )}
      </Dialog>
    </section>
  );
}
