import { useMemo } from 'react';
import { useSession } from '../../auth/session.js';
import { useT } from '../../i18n/i18n.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useTime } from '../../time/use-time.js';
import { ApprovalList } from './ApprovalList.js';
import { apiApprovalsPort } from './approvals-port.js';
import './admin.css';

/** Bookings waiting for a decision on the sites where the person approves. */
export default function ApprovalsPage() {
  const t = useT();
  const time = useTime();
  const session = useSession();
  const { can } = session;
  const canReadUsers = can('users.read');
  const port = useMemo(() => apiApprovalsPort({ canApprove: (siteId) => can('booking.approve', siteId), canReadUsers }), [can, canReadUsers]);
  return (
    <section className="admin-page">
      <PageHeader title={t('admin.approvals.title')} />
      <p className="muted">
        {t('admin.approvals.intro')} {t('time.yourZone', { zone: time.zoneLabel() })}
      </p>
      <ApprovalList port={port} />
    </section>
  );
}
