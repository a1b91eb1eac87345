import { useState } from 'react';
import { api, STRONG_READ } from '../../api/client.js';
import type { Blackout, BlackoutPage, EntityRevision, ResourcePage, SpacePage } from '../../api/types.js';
import { useQueryUpdater, useRoute } from '../../app/router.js';
import { useSession } from '../../auth/session.js';
import { useT } from '../../i18n/i18n.js';
import { Confirmation } from '../../ui/ConfirmDialog.js';
import { Dialog } from '../../ui/Dialog.js';
import { SelectField, TextField } from '../../ui/Field.js';
import { EmptyState, Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAction, useAsync } from '../../ui/use-async.js';
import { useTime } from '../../time/use-time.js';
import { addDays, fromWallClock } from '../../time/zoned-time.js';
import { AdminTable } from './AdminTable.js';
import { holdsEverywhere, loadSites } from './admin-api.js';
import { BLACKOUT_STATUSES } from './catalog-enums.js';
import { DeclareBlackoutForm } from './DeclareBlackoutForm.js';
import { Pager, useOffset } from './Pager.js';
import './admin.css';

const LIMIT = 50;
/** Upcoming (and in force now) by default: the list is ordered by start, oldest first. */
const PERIODS = ['upcoming', 'past', 'all', 'range'] as const;

/** Lifting ends a blackout early; the API wants a reason. */
function LiftForm({ blackout, onLifted, onCancel }: { blackout: Blackout; onLifted(): void; onCancel(): void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const action = useAction(async () => {
    await api.post<EntityRevision>(`/blackouts/${blackout.id}/lift`, { reason: reason.trim() });
    onLifted();
  });
  return (
    <Confirmation
      confirmLabel={t('admin.blackout.lift')}
      disabled={action.pending}
      problem={action.error}
      onConfirm={() => {
        setMissing(!reason.trim());
        if (reason.trim()) void action.run();
      }}
      onCancel={onCancel}
    >
      <TextField label={t('admin.blackout.liftReason')} value={reason} required error={missing ? t('admin.error.required') : undefined} onChange={(e) => setReason(e.target.value)} />
    </Confirmation>
  );
}

/** Blackouts by site, status and period; declare and lift. */
export default function BlackoutsPage() {
  const t = useT();
  const time = useTime();
  const session = useSession();
  const { query } = useRoute();
  const setQuery = useQueryUpdater();
  const sites = useAsync((signal) => loadSites(signal), []);
  const manageable = sites.data?.filter((s) => session.can('blackout.manage', s.id)) ?? [];
  const everywhere = holdsEverywhere(session.user, 'catalog.read');
  // Without catalog.read everywhere the API wants one site named.
  const siteId = query.get('siteId') ?? (everywhere ? '' : manageable[0]?.id ?? '');
  const status = query.get('status') ?? '';
  const period = (query.get('period') ?? 'upcoming') as (typeof PERIODS)[number];
  const fromDate = period === 'range' ? query.get('from') ?? '' : '';
  const toDate = period === 'range' ? query.get('to') ?? '' : '';
  const offset = useOffset();
  const [declaring, setDeclaring] = useState(false);
  const [lifting, setLifting] = useState<Blackout | null>(null);
  const [announce, setAnnounce] = useState('');

  const blackouts = useAsync(
    async (signal) => {
      if (!sites.data) return undefined;
      const now = new Date().toISOString();
      const from = period === 'upcoming' ? now : fromDate ? fromWallClock(fromDate, '00:00', time.timeZone).toISOString() : undefined;
      const to = period === 'past' ? now : toDate ? fromWallClock(addDays(toDate, 1), '00:00', time.timeZone).toISOString() : undefined;
      const scope = siteId ? { siteId } : {};
      const [page, spaces, resources] = await Promise.all([
        api.get<BlackoutPage>('/blackouts', { query: { ...scope, status, from, to, limit: LIMIT, offset }, headers: STRONG_READ, signal }),
        api.get<SpacePage>('/spaces', { query: { ...scope, limit: 200 }, signal }),
        api.get<ResourcePage>('/resources', { query: { ...scope, limit: 200 }, signal }),
      ]);
      const names = new Map<string, string>([...spaces.items, ...resources.items].map((x) => [x.id, x.name]));
      return { page, names };
    },
    [sites.data, siteId, status, period, fromDate, toDate, offset, time.timeZone],
  );
  const siteName = (id: string) => sites.data?.find((s) => s.id === id)?.name ?? '';
  const targetName = (b: Blackout, names: Map<string, string>) =>
    b.target.kind === 'space'
      ? names.get(b.target.spaceId) ?? t('admin.blackout.target.space')
      : t('admin.blackout.resourceQuantity', { name: names.get(b.target.resourceId) ?? t('admin.blackout.target.resource'), quantity: b.target.quantity });

  return (
    <section className="admin-page">
      <PageHeader title={t('admin.blackouts.title')}>
        {manageable.length > 0 && !declaring && <button type="button" onClick={() => setDeclaring(true)}>{t('admin.blackout.new')}</button>}
      </PageHeader>
      {declaring && (
        <section className="card admin-section" aria-labelledby="new-blackout">
          <h2 id="new-blackout">{t('admin.blackout.new')}</h2>
          <DeclareBlackoutForm
            sites={manageable}
            siteId={siteId || undefined}
            onDeclared={(body) => {
              setDeclaring(false);
              setAnnounce(t('admin.blackout.declared', { range: time.range(body.start, body.end) }));
              blackouts.reload();
            }}
          />
          <button type="button" className="ghost" onClick={() => setDeclaring(false)}>
            {t('app.cancel')}
          </button>
        </section>
      )}
      <form className="admin-filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <SelectField label={t('admin.filter.site')} value={siteId} onChange={(e) => setQuery({ siteId: e.target.value || null, offset: null })}>
          {everywhere && <option value="">{t('admin.filter.allSites')}</option>}
          {(everywhere ? sites.data ?? [] : manageable).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('admin.filter.status')} value={status} onChange={(e) => setQuery({ status: e.target.value, offset: null })}>
          <option value="">{t('admin.filter.any')}</option>
          {BLACKOUT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`admin.blackoutStatus.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('admin.filter.period')} value={period} onChange={(e) => setQuery({ period: e.target.value === 'upcoming' ? null : e.target.value, offset: null })}>
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              {t(`admin.filter.period.${p}`)}
            </option>
          ))}
        </SelectField>
        {period === 'range' && (
          <>
            <TextField label={t('admin.filter.from')} type="date" value={fromDate} onChange={(e) => setQuery({ from: e.target.value, offset: null })} />
            <TextField label={t('admin.filter.to')} type="date" value={toDate} onChange={(e) => setQuery({ to: e.target.value, offset: null })} />
          </>
        )}
      </form>
      <p className="muted">{t('time.yourZone', { zone: time.zoneLabel() })}</p>
      <p aria-live="polite" className="admin-saved">
        {announce}
      </p>
      <Loaded state={blackouts}>
        {(data) =>
          !data || data.page.items.length === 0 ? (
            <EmptyState />
          ) : (
            <>
              <AdminTable caption={t('admin.blackouts.title')} columns={[t('admin.blackout.target'), t('admin.blackout.period'), t('admin.blackout.reason'), t('admin.filter.status')]} actions>
                {data.page.items.map((b) => {
                  const note = time.siteNote(b.start, b.timeZone);
                  const liftable = (b.status === 'declared' || b.status === 'requested') && Date.parse(b.end) > Date.now() && session.can('blackout.manage', b.siteId);
                  return (
                    <tr key={b.id}>
                      <td data-label={t('admin.blackout.target')}>
                        <div>
                          {targetName(b, data.names)}
                          {!siteId && <div className="muted">{siteName(b.siteId)}</div>}
                        </div>
                      </td>
                      <td data-label={t('admin.blackout.period')}>
                        <div>
                          {time.range(b.start, b.end)}
                          {note && <div className="muted">{note}</div>}
                        </div>
                      </td>
                      <td data-label={t('admin.blackout.reason')}>{b.reason}</td>
                      <td data-label={t('admin.filter.status')}>
                        <span className={`status admin-status-${b.status}`}>{t(`admin.blackoutStatus.${b.status}`)}</span>
                      </td>
                      <td className="admin-row-actions">
                        {liftable && (
                          <button type="button" className="secondary" onClick={() => setLifting(b)}>
                            {t('admin.blackout.lift')}
                            <span className="visually-hidden"> {targetName(b, data.names)}</span>
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </AdminTable>
              <Pager total={data.page.total} limit={LIMIT} />
            </>
          )
        }
      </Loaded>
      <Dialog open={lifting !== null} title={t('admin.blackout.liftTitle')} onClose={() => setLifting(null)}>
        {lifting && (
          <LiftForm
            blackout={lifting}
            onCancel={() => setLifting(null)}
            onLifted={() => {
              setLifting(null);
              setAnnounce(t('admin.blackout.lifted'));
              blackouts.reload();
            }}
          />
        )}
      </Dialog>
    </section>
  );
}
