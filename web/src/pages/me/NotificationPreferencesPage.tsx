import { useState } from 'react';
import { Link } from '../../app/router.js';
import { useT } from '../../i18n/i18n.js';
import { Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAsync } from '../../ui/use-async.js';
import { meApi } from './me-api.js';
import { MeNav } from './MeNav.js';
import { PreferencesForm } from './PreferencesForm.js';
import { PushSection } from './PushSection.js';
import './me.css';

const me = meApi();

export default function NotificationPreferencesPage() {
  const t = useT();
  const preferences = useAsync(() => me.preferences(), []);
  const [stale, setStale] = useState(false);
  return (
    <section className="me-page">
      <PageHeader title={t('me.prefs.title')} />
      <MeNav />
      <p>
        {t('me.prefs.intro')} <Link to="/me">{t('me.prefs.timingNote')}</Link>
      </p>
      {stale && (
        <p className="warning" role="alert">
          {t('me.prefs.stale')}
        </p>
      )}
      <Loaded state={preferences}>
        {(p) => (
          <PreferencesForm
            key={p.etag}
            initial={p}
            save={me.savePreferences}
            onStale={() => {
              setStale(true);
              preferences.reload();
            }}
          />
        )}
      </Loaded>
      <PushSection api={me} />
    </section>
  );
}
