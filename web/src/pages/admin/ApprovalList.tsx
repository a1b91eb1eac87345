import { useId, useState } from 'react';
import { ApiProblem } from '../../api/api-problem.js';
import { useT } from '../../i18n/i18n.js';
import { TextField } from '../../ui/Field.js';
import { EmptyState, Loaded } from '../../ui/Loading.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { useAction, useAsync } from '../../ui/use-async.js';
import { useTime } from '../../time/use-time.js';
import type { ApprovalsPort, Decision, PendingApproval } from './approvals-port.js';

function ApprovalRow({ item, port, onDecided, onChanged }: { item: PendingApproval; port: ApprovalsPort; onDecided(decision: Decision): void; onChanged(): void }) {
  const t = useT();
  const time = useTime();
  const id = useId();
  const { booking } = item;
  const [comment, setComment] = useState('');
  const [needReason, setNeedReason] = useState(false);
  const action = useAction(async (decision: Decision) => {
    try {
      await port.decide(booking, decision, comment.trim());
      onDecided(decision);
    } catch (err) {
      // Cancelled, changed or decided by someone else meanwhile: show the list as it is now.
      if (err instanceof ApiProblem && (err.status === 412 || err.status === 409 || err.status === 404)) onChanged();
      throw err;
    }
  });
  const decide = (decision: Decision) => {
    const missing = decision === 'reject' && !comment.trim();
    setNeedReason(missing);
    if (!missing) void action.run(decision);
  };
  const note = time.siteNote(booking.start, booking.timeZone);
  return (
    <li className="card admin-approval" data-testid="approval-row" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="admin-approval-title">
        {item.spaceName} · {time.range(booking.start, booking.end)}
      </h2>
      {note && <p className="muted">{note}</p>}
      <dl className="admin-facts">
        <dt>{t('admin.approval.who')}</dt>
        <dd>{item.personName ?? <span title={booking.bookerId}>{t('admin.approval.person', { id: booking.bookerId.slice(-8) })}</span>}</dd>
        <dt>{t('admin.approval.purpose')}</dt>
        <dd>{booking.purpose || <span className="muted">{t('admin.approval.noPurpose')}</span>}</dd>
        <dt>{t('admin.approval.participants')}</dt>
        <dd>{booking.participants}</dd>
        <dt>{t('admin.approval.conflicts')}</dt>
        <dd>
          {item.concerns.length === 0 ? (
            <span className="muted">{t('admin.approval.noConflicts')}</span>
          ) : (
            <ul className="admin-concerns">
              {item.concerns.map((c, i) => (
                <li key={i} className="admin-concern">
                  {c.kind === 'overlap' ? t('admin.approval.overlap', { with: c.with }) : t('admin.approval.overCapacity', { capacity: c.capacity })}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      <TextField
        label={t('admin.approval.comment')}
        hint={t('admin.approval.comment.hint')}
        error={needReason ? t('admin.approval.reasonNeeded') : undefined}
        value={comment}
        maxLength={1000}
        onChange={(e) => setComment(e.target.value)}
      />
      <ProblemMessage problem={action.error} />
      <div className="actions">
        <button type="button" disabled={action.pending} aria-describedby={`${id}-title`} onClick={() => decide('approve')}>
          {t('admin.approval.approve')}
        </button>
        <button type="button" className="danger" disabled={action.pending} aria-describedby={`${id}-title`} onClick={() => decide('reject')}>
          {t('admin.approval.reject')}
        </button>
      </div>
    </li>
  );
}

/** Pending bookings to approve or reject; a decided one leaves the list at once. */
export function ApprovalList({ port }: { port: ApprovalsPort }) {
  const t = useT();
  const time = useTime();
  const items = useAsync((signal) => port.pending(signal), [port]);
  const [announce, setAnnounce] = useState('');
  const decided = (item: PendingApproval) => (decision: Decision) => {
    items.setData((list) => (list ?? []).filter((i) => i.booking.id !== item.booking.id));
    const what = `${item.spaceName}, ${time.range(item.booking.start, item.booking.end)}`;
    setAnnounce(t(decision === 'approve' ? 'admin.approval.approved' : 'admin.approval.rejected', { what }));
  };
  return (
    <>
      <div className="admin-section-head">
        <p aria-live="polite" className="admin-saved">
          {announce}
        </p>
        <button type="button" className="secondary" onClick={items.reload} disabled={items.loading}>
          {t('admin.refresh')}
        </button>
      </div>
      <Loaded state={items}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState>{t('admin.approval.none')}</EmptyState>
          ) : (
            <ul className="admin-approvals" aria-label={t('admin.approvals.title')}>
              {list.map((item) => (
                <ApprovalRow key={item.booking.id} item={item} port={port} onDecided={decided(item)} onChanged={items.reload} />
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}
