import { useMemo, useState, type FormEvent } from 'react';
import { ApiProblem } from '../../api/api-problem.js';
import type { Profile, ProfileChange } from '../../api/types.js';
import { useSession } from '../../auth/session.js';
import { LOCALES, type Locale } from '../../i18n/define-messages.js';
import { supportedLocale, useI18n, type MessageKey, type Translate } from '../../i18n/i18n.js';
import { CheckboxField, SelectField, TextArea, TextField } from '../../ui/Field.js';
import { Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { fieldError, ProblemMessage } from '../../ui/ProblemMessage.js';
import { useAction, useAsync } from '../../ui/use-async.js';
import { meApi } from './me-api.js';
import { MeNav } from './MeNav.js';
import { leadTime } from './notification-text.js';
import './me.css';

const me = meApi();
const REMINDER_CHOICES = [5, 10, 15, 30, 60, 120, 240, 1440];

interface Draft {
  displayName: string;
  photoUrl: string;
  bio: string;
  locale: Locale;
  timeZone: string;
  quiet: boolean;
  quietStart: string;
  quietEnd: string;
  reminderLeadMinutes: number;
}

function draftOf(profile: Profile): Draft {
  const quiet = profile.notificationSettings.quietHours;
  return {
    displayName: profile.displayName,
    photoUrl: profile.photoUrl ?? '',
    bio: profile.bio ?? '',
    locale: supportedLocale(profile.locale) ?? 'en',
    timeZone: profile.timeZone,
    quiet: quiet !== null,
    quietStart: quiet?.start ?? '22:00',
    quietEnd: quiet?.end ?? '07:00',
    reminderLeadMinutes: profile.notificationSettings.reminderLeadMinutes,
  };
}

/** Only what changed goes to the server, so a field changed elsewhere meanwhile is not undone. */
function profileChange(profile: Profile, draft: Draft): ProfileChange {
  const before = draftOf(profile);
  const change: ProfileChange = {};
  if (draft.displayName !== before.displayName) change.displayName = draft.displayName;
  if (draft.photoUrl.trim() !== before.photoUrl) change.photoUrl = draft.photoUrl.trim() || null;
  if (draft.bio !== before.bio) change.bio = draft.bio.trim() ? draft.bio : null;
  if (draft.locale !== before.locale) change.locale = draft.locale;
  if (draft.timeZone !== before.timeZone) change.timeZone = draft.timeZone;
  const quietChanged = draft.quiet !== before.quiet || (draft.quiet && (draft.quietStart !== before.quietStart || draft.quietEnd !== before.quietEnd));
  if (quietChanged || draft.reminderLeadMinutes !== before.reminderLeadMinutes)
    change.notificationSettings = {
      quietHours: draft.quiet ? { start: draft.quietStart, end: draft.quietEnd } : null,
      reminderLeadMinutes: draft.reminderLeadMinutes,
    };
  return change;
}

let zones: string[] | undefined;
/** Every zone the browser knows (computed once), plus the profile's own if the browser lacks it (`UTC`). */
function timeZones(current: string): string[] {
  zones ??= Intl.supportedValuesOf('timeZone');
  return zones.includes(current) ? zones : [current, ...zones];
}

function languageName(locale: Locale): string {
  const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

/**
 * `status` lives in the page: the form starts afresh (keyed by revision) after every save. It is a
 * key, not words, so "saved" reads in the language the save just switched to.
 */
function ProfileForm({ profile, onSaved, stale, status, setStatus }: { profile: Profile; onSaved(profile: Profile): void; stale(): void; status?: MessageKey; setStatus(status?: MessageKey): void }) {
  const { t, setLocale } = useI18n();
  const [draft, setDraft] = useState(() => draftOf(profile));
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setStatus(undefined);
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const action = useAction(async () => {
    const change = profileChange(profile, draft);
    if (Object.keys(change).length === 0) return setStatus('me.profile.noChanges');
    try {
      const saved = await me.updateProfile(change, profile.revision);
      if (change.locale) setLocale(draft.locale);
      setStatus('me.profile.saved');
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiProblem && err.status === 412) return stale();
      throw err;
    }
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run();
  };
  const zoneList = useMemo(() => timeZones(draft.timeZone), [draft.timeZone]);
  const reminderChoices = REMINDER_CHOICES.includes(draft.reminderLeadMinutes) ? REMINDER_CHOICES : [...REMINDER_CHOICES, draft.reminderLeadMinutes].sort((a, b) => a - b);
  const err = (field: string) => fieldError(action.error, field);
  const photo = /^https?:\/\/\S+$/.test(draft.photoUrl.trim()) ? draft.photoUrl.trim() : null;
  return (
    <form onSubmit={submit} className="card me-form" noValidate>
      <h2>{t('me.profile.details')}</h2>
      <div className="me-profile-head">
        {photo && <img className="me-avatar" src={photo} alt={t('me.profile.photoAlt')} referrerPolicy="no-referrer" />}
        <div className="stack me-grow">
          <TextField label={t('me.profile.displayName')} autoComplete="name" required value={draft.displayName} onChange={(e) => set('displayName', e.target.value)} error={err('displayName')} />
          <TextField label={t('me.profile.photoUrl')} type="url" inputMode="url" value={draft.photoUrl} onChange={(e) => set('photoUrl', e.target.value)} error={err('photoUrl')} hint={t('me.profile.photoHint')} />
        </div>
      </div>
      <TextArea label={t('me.profile.bio')} rows={3} maxLength={2000} value={draft.bio} onChange={(e) => set('bio', e.target.value)} error={err('bio')} />

      <h2>{t('me.profile.languageAndTime')}</h2>
      <div className="me-two">
        <SelectField label={t('me.profile.locale')} value={draft.locale} onChange={(e) => set('locale', e.target.value as Locale)} error={err('locale')}>
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {languageName(l)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('me.profile.timeZone')} value={draft.timeZone} onChange={(e) => set('timeZone', e.target.value)} error={err('timeZone')} hint={t('me.profile.timeZoneHint')}>
          {zoneList.map((z) => (
            <option key={z} value={z}>
              {z.replace(/_/g, ' ')}
            </option>
          ))}
        </SelectField>
      </div>

      <h2>{t('me.profile.timing')}</h2>
      <fieldset className="me-fieldset">
        <legend className="visually-hidden">{t('me.profile.timing')}</legend>
        <CheckboxField label={t('me.profile.quietHoursOn')} checked={draft.quiet} onChange={(e) => set('quiet', e.target.checked)} aria-describedby="me-quiet-hint" />
        {draft.quiet && (
          <div className="me-two">
            <TextField label={t('me.profile.quietFrom')} type="time" required value={draft.quietStart} onChange={(e) => set('quietStart', e.target.value)} />
            <TextField label={t('me.profile.quietUntil')} type="time" required value={draft.quietEnd} onChange={(e) => set('quietEnd', e.target.value)} />
          </div>
        )}
        <small id="me-quiet-hint" className="field-hint">
          {t('me.profile.quietHint')}
        </small>
        {err('notificationSettings') && <p className="field-error">{err('notificationSettings')}</p>}
        <SelectField label={t('me.profile.reminder')} value={draft.reminderLeadMinutes} onChange={(e) => set('reminderLeadMinutes', Number(e.target.value))}>
          {reminderChoices.map((m) => (
            <option key={m} value={m}>
              {leadTime(m, t)}
            </option>
          ))}
        </SelectField>
      </fieldset>

      <ProblemMessage problem={action.error} />
      <div className="actions">
        <button type="submit" disabled={action.pending}>
          {t('me.profile.save')}
        </button>
        <span role="status" className="me-status">
          {status && t(status)}
        </span>
      </div>
    </form>
  );
}

function EmailSection({ profile }: { profile: Profile }) {
  const { t } = useI18n();
  const [sent, setSent] = useState(false);
  const resend = useAction(async () => {
    await me.resendVerification();
    setSent(true);
  });
  return (
    <section className="card" aria-labelledby="me-email">
      <h2 id="me-email">{t('me.profile.emailTitle')}</h2>
      {profile.emailVerified ? (
        <p className="me-ok">{t('me.profile.emailVerified', { email: profile.email })}</p>
      ) : (
        <>
          <p className="warning">{t('me.profile.emailUnverified', { email: profile.email })}</p>
          <button type="button" className="secondary" disabled={resend.pending || sent} onClick={() => void resend.run()}>
            {t('me.profile.resend')}
          </button>
        </>
      )}
      <p role="status" className="me-status">
        {sent ? t('me.profile.resent') : ''}
      </p>
      <ProblemMessage problem={resend.error} />
    </section>
  );
}

function PasswordForm({ t, login }: { t: Translate; login: string }) {
  const [form, setForm] = useState({ current: '', next: '', repeat: '' });
  const [done, setDone] = useState(false);
  const mismatch = form.repeat !== '' && form.next !== form.repeat;
  const action = useAction(async () => {
    await me.changePassword(form.current, form.next);
    setForm({ current: '', next: '', repeat: '' });
    setDone(true);
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => {
    setDone(false);
    setForm((f) => ({ ...f, [key]: e.target.value }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.next !== form.repeat) return;
    void action.run();
  };
  return (
    <form onSubmit={submit} className="card stack" noValidate aria-labelledby="me-password">
      <h2 id="me-password">{t('me.password.title')}</h2>
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={login} readOnly hidden />
      <TextField label={t('me.password.current')} type="password" autoComplete="current-password" required value={form.current} onChange={set('current')} error={fieldError(action.error, 'currentPassword')} />
      <TextField label={t('me.password.new')} type="password" autoComplete="new-password" required value={form.next} onChange={set('next')} error={fieldError(action.error, 'newPassword')} hint={t('auth.passwordHint')} />
      <TextField label={t('me.password.repeat')} type="password" autoComplete="new-password" required value={form.repeat} onChange={set('repeat')} error={mismatch ? t('me.password.mismatch') : undefined} />
      <ProblemMessage problem={action.error} />
      <div className="actions">
        <button type="submit" disabled={action.pending || !form.current || !form.next || form.next !== form.repeat}>
          {t('me.password.submit')}
        </button>
        <span role="status" className="me-status">
          {done ? t('me.password.changed') : ''}
        </span>
      </div>
    </form>
  );
}

export default function ProfilePage() {
  const { t } = useI18n();
  const session = useSession();
  const profile = useAsync((signal) => me.profile(signal), []);
  const [stale, setStale] = useState(false);
  const [status, setStatus] = useState<MessageKey>();
  return (
    <section className="me-page">
      <PageHeader title={t('me.profile.title')} />
      <MeNav />
      <Loaded state={profile}>
        {(p) => (
          <div className="me-columns">
            <div className="stack">
              {stale && (
                <p className="warning" role="alert">
                  {t('me.profile.stale')}
                </p>
              )}
              <ProfileForm
                key={p.revision}
                profile={p}
                status={status}
                setStatus={setStatus}
                onSaved={(saved) => {
                  setStale(false);
                  profile.setData(saved);
                  void session.reloadProfile();
                }}
                stale={() => {
                  setStale(true);
                  setStatus(undefined);
                  profile.reload();
                }}
              />
            </div>
            <div className="stack">
              <EmailSection profile={p} />
              <PasswordForm t={t} login={p.username} />
            </div>
          </div>
        )}
      </Loaded>
    </section>
  );
}
