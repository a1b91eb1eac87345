import { useState } from 'react';
import { api } from '../../api/client.js';
import { useT, type MessageKey } from '../../i18n/i18n.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { saveFile } from '../../ui/save-file.js';
import { useAction } from '../../ui/use-async.js';
import { downloadReport, type ReportFormat } from './analytics-requests.js';
import type { Period } from './period.js';

/** CSV and PDF of a report: real buttons that fetch with the session's token and save the file. */
export function DownloadButtons({ path, period, labels }: { path: string; period: Period; labels: Record<ReportFormat, MessageKey> }) {
  const t = useT();
  const [saved, setSaved] = useState<string | null>(null);
  const action = useAction(async (format: ReportFormat) => {
    setSaved(null);
    const { blob, filename } = await downloadReport(api, path, period, format);
    saveFile(blob, filename);
    setSaved(filename);
  });
  return (
    <div className="analytics-downloads">
      <div className="row">
        {(['csv', 'pdf'] as const).map((format) => (
          <button key={format} type="button" className="secondary" disabled={action.pending} onClick={() => void action.run(format)}>
            {t(labels[format])}
          </button>
        ))}
      </div>
      <p role="status" className="muted">
        {saved && t('analytics.download.saved', { filename: saved })}
      </p>
      <ProblemMessage problem={action.error} />
    </div>
  );
}
