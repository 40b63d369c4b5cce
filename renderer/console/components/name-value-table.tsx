// A caption and name → value rows (evidence, attributes): one table for the
// activation log and Test connection, so both read alike.
export function NameValueTable({
  caption,
  rows,
}: {
  caption: string;
  rows: { name: string; value: string }[];
}) {
  return (
    <table className="data evidence">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name}>
            <th scope="row">{r.name}</th>
            <td>
              <code>{r.value}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
