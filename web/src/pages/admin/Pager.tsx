import { useQueryUpdater, useRoute } from '../../app/router.js';
import { useT } from '../../i18n/i18n.js';

/** Where the list shown starts: `?offset=` of the URL, so a reload or a shared link shows the same rows. */
export function useOffset(): number {
  return Number(useRoute().query.get('offset') ?? 0);
}

/** "21–40 of 75" with previous and next, for the API's limit/offset pages; moves `?offset=`. */
export function Pager({ total, limit }: { total: number; limit: number }) {
  const t = useT();
  const offset = useOffset();
  const setQuery = useQueryUpdater();
  const go = (to: number) => setQuery({ offset: to ? String(to) : null });
  if (total <= limit && offset === 0) return null;
  return (
    <nav className="admin-pager" aria-label={t('admin.pager')}>
      <button type="button" className="secondary" disabled={offset === 0} onClick={() => go(Math.max(0, offset - limit))}>
        {t('admin.pager.previous')}
      </button>
      <span aria-live="polite">{t('admin.pager.range', { from: Math.min(offset + 1, total), to: Math.min(offset + limit, total), total })}</span>
      <button type="button" className="secondary" disabled={offset + limit >= total} onClick={() => go(offset + limit)}>
        {t('admin.pager.next')}
      </button>
    </nav>
  );
}
