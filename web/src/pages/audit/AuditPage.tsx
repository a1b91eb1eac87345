import { useState, type FormEvent } from 'react';
import { UUID_PATTERN } from '../../api/client.js';
import { useNavigate } from '../../app/router.js';
import { useT } from '../../i18n/i18n.js';
import { TextField } from '../../ui/Field.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { AuditEntries } from './AuditEntries.js';
import { ChainVerification } from './ChainVerification.js';
import './audit.css';


function BookingLookup() {
  const t = useT();
  const navigate = useNavigate();
  const [id, setId] = useState('');
  const [invalid, setInvalid] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = id.trim();
    setInvalid(!UUID_PATTERN.test(value));
    if (UUID_PATTERN.test(value)) navigate(`/audit/bookings/${value.toLowerCase()}`);
  };
  return (
    <section className="card" aria-labelledby="audit-lookup-title">
      <h2 id="audit-lookup-title">{t('audit.lookup.title')}</h2>
      <form className="row" onSubmit={submit} noValidate role="search">
        <TextField label={t('audit.lookup.label')} value={id} onChange={(e) => setId(e.target.value)} error={invalid ? t('audit.lookup.invalid') : undefined} spellCheck={false} autoComplete="off" />
        <button type="submit">{t('audit.lookup.submit')}</button>
      </form>
    </section>
  );
}

/** The auditor's desk: the chain's verdict, a booking's history by id, and the trail itself. */
export default function AuditPage() {
  const t = useT();
  return (
    <section className="audit-page">
      <PageHeader title={t('audit.title')} />
      <div className="audit-top">
        <ChainVerification />
        <BookingLookup />
      </div>
      <AuditEntries />
    </section>
  );
}
