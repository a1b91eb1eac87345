import { useState } from 'react';
import { useNavigate } from '../../app/router.js';
import { useSession } from '../../auth/session.js';
import { useT } from '../../i18n/i18n.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { meApi } from './me-api.js';
import { MeNav } from './MeNav.js';
import { TwoFactorSection } from './TwoFactorSection.js';
import './me.css';

const me = meApi();

export default function SecurityPage() {
  const t = useT();
  const session = useSession();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const user = session.user;
  if (!user) return null;
  return (
    <section className="me-page">
      <PageHeader title={t('me.security.title')} />
      <MeNav />
      <div className="stack">
        <TwoFactorSection enabled={user.twoFactorEnabled} account={user.email} port={me} onChanged={() => void session.reloadProfile()} />
        <section className="card" aria-labelledby="me-everywhere">
          <h2 id="me-everywhere">{t('me.everywhere.title')}</h2>
          <p>{t('me.everywhere.text')}</p>
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            {t('me.everywhere.button')}
          </button>
        </section>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('me.confirm')}
        danger
        message={t('me.everywhere.confirm')}
        confirmLabel={t('me.everywhere.button')}
        onClose={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void session.signOut(true).then(() => navigate('/sign-in', { replace: true }));
        }}
      />
    </section>
  );
}
