/** A chart's numbers as a table for screen readers (visually hidden: the chart shows them). */
export function ChartDataTable({ caption, columns, rows }: { caption: string; columns: [string, string]; rows: { key: string; label: string; value: string }[] }) {
  // Hidden by a wrapper: a table ignores the 1px width and would widen the page.
  return (
    <div className="visually-hidden">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{columns[0]}</th>
            <th scope="col">{columns[1]}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td>{r.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
