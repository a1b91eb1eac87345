import { useState, type FormEvent } from 'react';
import { ApiProblem } from '../../api/api-problem.js';
import type { NotificationChannel, NotificationKind, NotificationPreferencesChange } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { useAction } from '../../ui/use-async.js';
import type { VersionedPreferences } from './me-api.js';

type Matrix = VersionedPreferences['view']['preferences'];
const CHANNELS: NotificationChannel[] = ['in_app', 'email', 'push'];

/** The save call the form makes; the page passes the API's, a test its own. */
export type SavePreferences = (change: NotificationPreferencesChange, etag: string) => Promise<VersionedPreferences>;

/**
 * Every kind × channel as a table of checkboxes (row and column headers, each box labelled with
 * both). Cells the server keeps on whatever one chooses are shown checked and disabled.
 */
export function PreferencesForm({ initial, save, onStale }: { initial: VersionedPreferences; save: SavePreferences; onStale(): void }) {
  const t = useT();
  // What the server holds now (the form's starting point, then each save's answer) and the edits on top.
  const [base, setBase] = useState(initial);
  const [matrix, setMatrix] = useState<Matrix>(initial.view.preferences);
  const [saved, setSaved] = useState(false);
  const { mandatory, urgentKinds, notificationSettings } = base.view;
  const kinds = Object.keys(matrix) as NotificationKind[];
  const groups = [
    { label: t('me.prefs.bookings'), kinds: kinds.filter((k) => k.startsWith('booking.')) },
    { label: t('me.prefs.account'), kinds: kinds.filter((k) => !k.startsWith('booking.')) },
  ];
  const isMandatory = (kind: NotificationKind, channel: NotificationChannel) => mandatory.some((m) => m.kind === kind && m.channel === channel);
  const dirty = kinds.some((k) => CHANNELS.some((c) => matrix[k][c] !== base.view.preferences[k][c]));

  const toggle = (kind: NotificationKind, channel: NotificationChannel, on: boolean) => {
    setSaved(false);
    setMatrix((m) => ({ ...m, [kind]: { ...m[kind], [channel]: on } }));
  };
  const action = useAction(async () => {
    try {
      // The settings go back as read: this page changes only the matrix.
      const next = await save({ preferences: matrix, notificationSettings }, base.etag);
      setBase(next);
      setMatrix(next.view.preferences);
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 412) return onStale();
      throw err;
    }
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run();
  };
  return (
    <form onSubmit={submit} className="card me-form">
      <div className="table-scroll">
        <table className="me-matrix">
          <caption className="visually-hidden">{t('me.prefs.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('me.prefs.kind')}</th>
              {CHANNELS.map((c) => (
                <th key={c} scope="col" className="me-cell">
                  {t(`me.channel.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          {groups.map((g) => (
            <tbody key={g.label}>
              <tr>
                <th scope="colgroup" colSpan={CHANNELS.length + 1} className="me-group">
                  {g.label}
                </th>
              </tr>
              {g.kinds.map((kind) => (
                <tr key={kind}>
                  <th scope="row">
                    {t(`me.kind.${kind}`)}
                    {urgentKinds.includes(kind) && <span className="me-tag">{t('me.prefs.urgent')}</span>}
                  </th>
                  {CHANNELS.map((channel) => {
                    const locked = isMandatory(kind, channel);
                    return (
                      <td key={channel} className="me-cell">
                        <input
                          type="checkbox"
                          aria-label={t('me.prefs.cell', { kind: t(`me.kind.${kind}`), channel: t(`me.channel.${channel}`) })}
                          checked={locked || matrix[kind][channel]}
                          disabled={locked}
                          aria-describedby={locked ? 'me-always-on' : undefined}
                          onChange={(e) => toggle(kind, channel, e.target.checked)}
                        />
                        {locked && <span className="me-locked">{t('me.prefs.alwaysOn')}</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
      {mandatory.length > 0 && (
        <p id="me-always-on" className="field-hint">
          {t('me.prefs.alwaysOnNote')}
        </p>
      )}
      <ProblemMessage problem={action.error} />
      <div className="actions">
        <button type="submit" disabled={action.pending || !dirty}>
          {t('me.prefs.save')}
        </button>
        <span role="status" className="me-status">
          {saved && !dirty ? t('me.prefs.saved') : dirty ? t('me.prefs.unsaved') : ''}
        </span>
      </div>
    </form>
  );
}
