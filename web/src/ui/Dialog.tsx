import { useEffect, useRef, type ReactNode } from 'react';
import { useT } from '../i18n/i18n.js';

/** A modal on the native <dialog>: focus moves in, Esc and the close button close it, focus returns. */
export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const t = useT();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      const opener = document.activeElement as HTMLElement | null;
      dialog.showModal?.() ?? dialog.setAttribute('open', '');
      return () => opener?.focus?.();
    }
    if (!open && dialog.open) dialog.close?.() ?? dialog.removeAttribute('open');
    return undefined;
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="dialog-title" onCancel={(e) => { e.preventDefault(); onClose(); }}>
      {open && (
        <>
          <div className="dialog-head">
            <h2 id="dialog-title">{title}</h2>
            <button type="button" className="ghost" onClick={onClose} aria-label={t('app.close')}>
              ×
            </button>
          </div>
          {children}
        </>
      )}
    </dialog>
  );
}
