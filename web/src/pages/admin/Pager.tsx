import { useT } from '../../i18n/i18n.js';

/** "21–40 of 75" with previous and next, for the API's limit/offset pages. */
export function Pager({ total, limit, offset, onOffset }: { total: number; limit: number; offset: number; onOffset(offset: number): void }) {
  const t = useT();
  if (total <= limit && offset === 0) return null;
  return (
    <nav className="admin-pager" aria-label={t('admin.pager')}>
      <button type="button" className="secondary" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
        {t('admin.pager.previous')}
      </button>
      <span aria-live="polite">{t('admin.pager.range', { from: Math.min(offset + 1, total), to: Math.min(offset + limit, total), total })}</span>
      <button type="button" className="secondary" disabled={offset + limit >= total} onClick={() => onOffset(offset + limit)}>
        {t('admin.pager.next')}
      </button>
    </nav>
  );
}
