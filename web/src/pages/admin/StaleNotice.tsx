import { useT } from '../../i18n/i18n.js';

/** Shown where a save met a newer version: the form below was reloaded with it. */
export function StaleNotice({ show }: { show: boolean }) {
  const t = useT();
  return (
    <div aria-live="assertive">
      {show && <p className="warning">{t('admin.stale')}</p>}
    </div>
  );
}
