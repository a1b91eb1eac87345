import type { ReactNode } from 'react';
import { useT } from '../../i18n/i18n.js';

/**
 * A staff list as a table: on a phone each row becomes a card with the column names beside the
 * values (the cells' `data-label`). `actions` adds a last column for the rows' buttons.
 */
export function AdminTable({ caption, columns, actions, children }: { caption?: string; columns: string[]; actions?: boolean; children: ReactNode }) {
  const t = useT();
  return (
    <div className="table-scroll">
      <table className="admin-table">
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
            {actions && (
              <th scope="col">
                <span className="visually-hidden">{t('admin.actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
