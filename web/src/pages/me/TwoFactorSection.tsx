import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { TwoFactorSetup } from '../../api/types.js';
import { useT, type MessageKey } from '../../i18n/i18n.js';
import { TextField } from '../../ui/Field.js';
import { fieldError, ProblemMessage } from '../../ui/ProblemMessage.js';
import { saveFile } from '../../ui/save-file.js';
import { useAction } from '../../ui/use-async.js';
import { CopyButton } from './CopyButton.js';
import type { TwoFactorPort } from './me-api.js';

type Step = { name: 'idle' } | { name: 'password' } | { name: 'scan'; setup: TwoFactorSetup } | { name: 'codes'; codes: string[] } | { name: 'disable' };

/** The server's SVG as an image: an <img> runs no script and reaches nothing, whatever the markup holds. */
export const svgDataUrl = (svg: string): string => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

/** `JBSWY3DPEHPK3PXP` → `JBSW Y3DP EHPK 3PXP`: easier to type into an app by hand. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/**
 * Turning two-factor on (password → QR code and key → first code → recovery codes, shown once)
 * and off (password and a code). `port` makes the calls; `onChanged` reloads the profile.
 */
export function TwoFactorSection({ enabled, account, port, onChanged }: { enabled: boolean; account: string; port: TwoFactorPort; onChanged(): void }) {
  const t = useT();
  const [step, setStep] = useState<Step>({ name: 'idle' });
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const [status, setStatus] = useState<MessageKey>();
  const codesHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (step.name === 'codes') codesHeading.current?.focus();
  }, [step.name]);

  const go = (next: Step) => {
    setStep(next);
    setCode('');
    action.clearError();
  };
  const action = useAction(async () => {
    if (step.name === 'password') {
      const setup = await port.beginTwoFactor(password);
      setPassword('');
      go({ name: 'scan', setup });
    } else if (step.name === 'scan') {
      const { recoveryCodes } = await port.confirmTwoFactor(code.trim());
      go({ name: 'codes', codes: recoveryCodes });
      setStatus('me.2fa.enabled');
      onChanged();
    } else if (step.name === 'disable') {
      await port.disableTwoFactor(useRecovery ? { password, recoveryCode: code.trim() } : { password, totp: code.trim() });
      setPassword('');
      go({ name: 'idle' });
      setStatus('me.2fa.disabled');
      onChanged();
    }
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setStatus(undefined);
    void action.run();
  };
  const cancel = (
    <button type="button" className="secondary" onClick={() => { setPassword(''); go({ name: 'idle' }); }}>
      {t('app.cancel')}
    </button>
  );
  const passwordField = (
    <TextField label={t('me.2fa.password')} type="password" autoComplete="current-password" autoFocus required value={password} onChange={(e) => setPassword(e.target.value)} error={fieldError(action.error, 'password')} hint={t('me.2fa.passwordHint')} />
  );

  let body;
  if (step.name === 'password')
    body = (
      <form onSubmit={submit} className="stack" noValidate>
        {passwordField}
        <ProblemMessage problem={action.error} />
        <div className="actions">
          <button type="submit" disabled={action.pending || !password}>
            {t('me.2fa.continue')}
          </button>
          {cancel}
        </div>
      </form>
    );
  else if (step.name === 'scan')
    body = (
      <form onSubmit={submit} className="stack" noValidate>
        <p>{t('me.2fa.scan')}</p>
        <img className="me-qr" src={svgDataUrl(step.setup.qrCodeSvg)} alt={t('me.2fa.qrAlt')} width={200} height={200} />
        <p>
          {t('me.2fa.manual')} <code className="me-secret">{grouped(step.setup.secret)}</code>
        </p>
        <TextField
          label={t('me.2fa.code')}
          autoComplete="one-time-code"
          inputMode="numeric"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={fieldError(action.error, 'code')}
          hint={t('me.2fa.codeHint')}
        />
        <ProblemMessage problem={action.error} />
        <div className="actions">
          <button type="submit" disabled={action.pending || code.trim().length !== 6}>
            {t('me.2fa.confirm')}
          </button>
          {cancel}
        </div>
      </form>
    );
  else if (step.name === 'codes') {
    const text = step.codes.join('\n');
    body = (
      <div className="stack">
        <h3 ref={codesHeading} tabIndex={-1}>
          {t('me.2fa.codesTitle')}
        </h3>
        <p>{t('me.2fa.codesIntro')}</p>
        <ol className="me-codes" aria-label={t('me.2fa.codesTitle')}>
          {step.codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ol>
        <div className="row">
          <CopyButton text={text} label={t('me.2fa.copyCodes')} />
          <button type="button" className="secondary" onClick={() => saveFile(new Blob([`${t('me.2fa.fileHeader', { account })}\n\n${text}\n`], { type: 'text/plain' }), 'reserva-recovery-codes.txt')}>
            {t('me.2fa.download')}
          </button>
          <button type="button" onClick={() => go({ name: 'idle' })}>
            {t('me.2fa.saved')}
          </button>
        </div>
      </div>
    );
  } else if (step.name === 'disable')
    body = (
      <form onSubmit={submit} className="stack" noValidate aria-label={t('me.2fa.disableTitle')}>
        {passwordField}
        <TextField
          label={t(useRecovery ? 'me.2fa.recoveryCode' : 'me.2fa.code')}
          autoComplete="one-time-code"
          inputMode={useRecovery ? 'text' : 'numeric'}
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={fieldError(action.error, useRecovery ? 'recoveryCode' : 'totp')}
        />
        <button type="button" className="ghost me-switch" onClick={() => { setUseRecovery((r) => !r); setCode(''); }}>
          {t(useRecovery ? 'me.2fa.useTotp' : 'me.2fa.useRecovery')}
        </button>
        <ProblemMessage problem={action.error} />
        <div className="actions">
          <button type="submit" className="danger" disabled={action.pending || !password || !code.trim()}>
            {t('me.2fa.disable')}
          </button>
          {cancel}
        </div>
      </form>
    );
  else
    body = (
      <>
        <p>{t(enabled ? 'me.2fa.isOn' : 'me.2fa.isOff')}</p>
        <button type="button" className={enabled ? 'secondary' : undefined} onClick={() => go({ name: enabled ? 'disable' : 'password' })}>
          {t(enabled ? 'me.2fa.disable' : 'me.2fa.start')}
        </button>
      </>
    );
  return (
    <section className="card" aria-labelledby="me-2fa">
      <h2 id="me-2fa">{t('me.2fa.title')}</h2>
      <p role="status" className="me-status">
        {status && t(status)}
      </p>
      {body}
    </section>
  );
}
