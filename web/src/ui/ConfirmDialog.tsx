import type { ReactNode } from 'react';
import type { ApiProblem } from '../api/api-problem.js';
import { useT } from '../i18n/i18n.js';
import { Dialog } from './Dialog.js';
import { ProblemMessage } from './ProblemMessage.js';

export interface ConfirmationProps {
  /** The question. */
  message?: ReactNode;
  confirmLabel: string;
  /** Default: Cancel. */
  cancelLabel?: string;
  /** A red confirm button: what it does cannot be undone. */
  danger?: boolean;
  /** The confirm button waits (the action runs, or what it needs is not filled in yet). */
  disabled?: boolean;
  /** Why the confirmed action failed. */
  problem?: ApiProblem;
  onConfirm(): void;
  onCancel(): void;
  /** Inputs or notices between the question and the buttons. */
  children?: ReactNode;
}

/** A question and its two answers (Enter confirms), for a dialog of its own or one showing other steps too. */
export function Confirmation({ message, confirmLabel, cancelLabel, danger, disabled, problem, onConfirm, onCancel, children }: ConfirmationProps) {
  const t = useT();
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onConfirm();
      }}
    >
      {message && <p>{message}</p>}
      {children}
      <ProblemMessage problem={problem} />
      <div className="actions">
        <button type="submit" className={danger ? 'danger' : undefined} disabled={disabled}>
          {confirmLabel}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {cancelLabel ?? t('app.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Asks before something that cannot be undone; `onConfirm` does it (and closes the dialog when it should). */
export function ConfirmDialog({ open, title, onClose, ...confirmation }: Omit<ConfirmationProps, 'onCancel'> & { open: boolean; title: string; onClose(): void }) {
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      <Confirmation {...confirmation} onCancel={onClose} />
    </Dialog>
  );
}
