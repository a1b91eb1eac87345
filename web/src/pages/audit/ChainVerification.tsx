import { api } from '../../api/client.js';
import type { AuditVerification } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import { Spinner } from '../../ui/Loading.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { useAsync } from '../../ui/use-async.js';
import { verifyChain } from './audit-requests.js';

/** The verdict: intact, or the first entry that breaks the chain and why. */
export function Verdict({ verification: v }: { verification: AuditVerification }) {
  const { t, locale } = useI18n();
  const count = (n: number) => new Intl.NumberFormat(locale).format(n);
  if (v.ok)
    return (
      <p className="audit-verdict audit-verdict-ok">
        <span aria-hidden="true">✓ </span>
        {t('audit.verify.ok', { count: v.entries, entries: count(v.entries) })}
      </p>
    );
  const hashes: [string, string | null | undefined][] = [
    [t('audit.verify.event'), v.broken?.eventId],
    [t('audit.verify.expected'), v.broken?.expectedHash],
    [t('audit.verify.stored'), v.broken?.storedHash],
  ];
  return (
    <div className="audit-verdict audit-verdict-broken">
      <p>
        <span aria-hidden="true">✗ </span>
        {t('audit.verify.broken', { seq: v.broken ? count(v.broken.seq) : '?', count: v.entries, entries: count(v.entries) })}
      </p>
      {v.broken && (
        <dl className="audit-broken">
          <dt>{t('audit.verify.reason')}</dt>
          <dd>{t(`audit.verify.reason.${v.broken.reason}`)}</dd>
          {hashes.map(([label, value]) =>
            value ? (
              <div key={label} className="audit-broken-row">
                <dt>{label}</dt>
                <dd>
                  <code>{value}</code>
                </dd>
              </div>
            ) : null,
          )}
        </dl>
      )}
    </div>
  );
}

/** The hash chain recomputed by the server (over every entry: it takes a while on a long trail). */
export function ChainVerification() {
  const { t } = useI18n();
  const check = useAsync((signal) => verifyChain(api, signal), []);
  return (
    <section className="card audit-verification" aria-labelledby="audit-chain-title" aria-busy={check.loading}>
      <h2 id="audit-chain-title">{t('audit.verify.title')}</h2>
      <div aria-live="polite">
        {check.loading && (
          <p className="audit-checking">
            <Spinner label={t('audit.verify.checking')} />
            <span aria-hidden="true">{t('audit.verify.checking')}</span>
          </p>
        )}
        <ProblemMessage problem={check.error} />
        {check.data && <Verdict verification={check.data} />}
      </div>
      <button type="button" className="secondary" onClick={check.reload} disabled={check.loading}>
        {t('audit.verify.again')}
      </button>
    </section>
  );
}
