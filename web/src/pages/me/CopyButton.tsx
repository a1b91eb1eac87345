import { useEffect, useState } from 'react';
import { useT } from '../../i18n/i18n.js';

/** Clipboard API where the page may use it; else the older copy command on a hidden text area. */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('copy refused');
}

/** A copy button that says "Copied." beside itself (and to screen readers) for a few seconds. */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 4000);
    return () => window.clearTimeout(timer);
  }, [copied]);
  return (
    <span className="me-copy">
      <button type="button" className="secondary" onClick={() => void copyText(text).then(() => setCopied(true), () => setCopied(false))}>
        {label ?? t('app.copy')}
      </button>
      <span role="status" className="me-copied">
        {copied ? t('app.copied') : ''}
      </span>
    </span>
  );
}
