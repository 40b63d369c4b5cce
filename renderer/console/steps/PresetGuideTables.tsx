// Step 2's guide for the chosen IdP: which of our values goes into which of
// its fields, and which attribute statements to add.
import type { Integration } from '../api/types.ts';
import type { PresetGuide } from '../lib/idp-presets.ts';

export function PresetFieldsTable({ guide, sp }: { guide: PresetGuide; sp: Integration['sp'] }) {
  const value = (ours: string) => (ours === 'Service Provider Entity ID' ? sp.entityId : sp.acsUrl);
  return (
    <table className="guide">
      <caption>In {guide.label}</caption>
      <thead>
        <tr>
          <th scope="col">{guide.label} field</th>
          <th scope="col">Enter</th>
        </tr>
      </thead>
      <tbody>
        {guide.fields.map((f) => (
          <tr key={f.theirs}>
            <th scope="row">{f.theirs}</th>
            <td>
              {f.ours}: <code>{value(f.ours)}</code>
            </td>
          </tr>
        ))}
        <tr>
          <th scope="row">Name ID</th>
          <td>{guide.nameId}</td>
        </tr>
      </tbody>
    </table>
  );
}

export function PresetAttributesTable({ guide }: { guide: PresetGuide }) {
  return (
    <table className="guide">
      <caption>Attribute statements to add in {guide.label}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {guide.attributes.map((a) => (
          <tr key={a.name}>
            <td>
              <code>{a.name}</code>
            </td>
            <td>{a.value}</td>
          </tr>
        ))}
        <tr>
          <td>Groups</td>
          <td>{guide.groupsClaim}</td>
        </tr>
      </tbody>
    </table>
  );
}
