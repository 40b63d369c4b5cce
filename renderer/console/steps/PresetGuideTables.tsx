// The chosen IdP's guide: which of our values goes into which of its fields
// and which attribute statements to add (step 2), where it shows the three
// values Latchkey needs (step 4).
import type { Integration } from '../api/types.ts';
import type { Attribute, PresetGuide } from '../lib/idp-presets.ts';

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

function AttributeRow({ attribute, withFormat }: { attribute: Attribute; withFormat: boolean }) {
  return (
    <tr>
      <th scope="row">
        <code>{attribute.name}</code>
      </th>
      {withFormat && <td>{attribute.format ?? ''}</td>}
      <td>
        <code>{attribute.value}</code>
      </td>
    </tr>
  );
}

/** The attribute statements to add in the chosen IdP, in its guide's order, then its groups statement. */
export function PresetAttributesTable({ guide }: { guide: PresetGuide }) {
  const all = [...guide.attributes, guide.groupsClaim];
  const withFormat = all.some((a) => a.format);
  return (
    <table className="guide attributes">
      <caption>Attribute statements to add in {guide.label}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          {withFormat && <th scope="col">Name format</th>}
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {guide.attributes.map((a) => (
          <AttributeRow key={a.name} attribute={a} withFormat={withFormat} />
        ))}
      </tbody>
      <tbody>
        <tr>
          <th scope="rowgroup" colSpan={withFormat ? 3 : 2}>
            Group attribute statement
          </th>
        </tr>
        <AttributeRow attribute={guide.groupsClaim} withFormat={withFormat} />
      </tbody>
    </table>
  );
}

/** Step 4's second group: where the chosen IdP shows each of the three values Latchkey needs. */
export function PresetIdpValuesTable({ guide }: { guide: PresetGuide }) {
  return (
    <table className="guide">
      <caption>Where {guide.label} shows them</caption>
      <thead>
        <tr>
          <th scope="col">In {guide.label}</th>
          <th scope="col">Paste into</th>
        </tr>
      </thead>
      <tbody>
        {guide.idpValues.map((v) => (
          <tr key={v.ours}>
            <th scope="row">{v.theirs}</th>
            <td>{v.ours}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
