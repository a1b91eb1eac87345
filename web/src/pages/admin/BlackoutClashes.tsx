import type { ApiProblem } from '../../api/api-problem.js';
import { Link } from '../../app/router.js';
import { useT } from '../../i18n/i18n.js';
import { useTime } from '../../time/use-time.js';

/** The API's 409 to a blackout: what already holds the time (bookings to move or cancel first, other blackouts). */
export function BlackoutClashes({ problem }: { problem: ApiProblem }) {
  const t = useT();
  const time = useTime();
  const conflicts = problem.problem.conflicts ?? [];
  const bookings = conflicts.filter((c) => c.holder.kind === 'booking').length;
  return (
    <div className="problem" role="alert">
      <strong>{t('admin.blackout.refused')}</strong>
      <p>{t('admin.blackout.refused.detail', { bookings, blackouts: conflicts.length - bookings })}</p>
      <ul>
        {conflicts.map((c) => (
          <li key={`${c.holder.kind}:${c.holder.id ?? ''}:${c.start}`}>
            {c.holder.kind === 'booking' ? t('admin.blackout.clashBooking') : t('admin.blackout.clashBlackout')}: {time.range(c.start, c.end)}
            {c.holder.kind === 'booking' && c.holder.id && (
              <>
                {' '}
                <Link to={`/bookings/${c.holder.id}`}>{t('admin.blackout.openBooking')}</Link>
              </>
            )}
          </li>
        ))}
      </ul>
      <p>{t('admin.blackout.refused.advice')}</p>
    </div>
  );
}
