import { Dialog } from '../../ui/Dialog.js';
import { useT } from '../../i18n/i18n.js';

/** Asks before something that cannot be undone (an old feed URL stops working, every session ends). */
export function ConfirmDialog({ open, message, confirmLabel, danger, onConfirm, onClose }: { open: boolean; message: string; confirmLabel: string; danger?: boolean; onConfirm(): void; onClose(): void }) {
  const t = useT();
  return (
    <Dialog open={open} title={t('me.confirm')} onClose={onClose}>
      <p>{message}</p>
      <div className="actions me-actions">
        <button type="button" className={danger ? 'danger' : undefined} onClick={() => { onClose(); onConfirm(); }}>
          {confirmLabel}
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          {t('app.cancel')}
        </button>
      </div>
    </Dialog>
  );
}
