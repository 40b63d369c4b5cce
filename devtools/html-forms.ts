// Reading the service's HTML pages the way a browser would: a form's action,
// its hidden fields and the names of its other controls (auto-POST pages, the
// dev IdP's login page). Read by tag and attribute, in any order and either
// quote, never by the page's wording, so a reworded or restyled page still reads.
export const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The attributes of one tag (`<input type="hidden" name=a value='b'>`), names lower-cased. */
function attributesOf(tagBody: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const m of tagBody.matchAll(/([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g))
    attributes.set((m[1] ?? '').toLowerCase(), unescapeHtml(m[2] ?? m[3] ?? m[4] ?? ''));
  return attributes;
}

const tagsOf = (html: string, tag: string) =>
  [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'gi'))].map((m) => attributesOf(m[1] ?? ''));

export interface HtmlForm {
  /** The form's action as written (relative to the page), or '' when the page has no form. */
  action: string;
  /** Hidden fields with their values: what a browser posts back unchanged. */
  fields: Record<string, string>;
  /** The name of every control of the form (inputs, selects, text areas): what the page asks for. */
  names: string[];
}

/** Every form of the page, in order. */
export function formsOf(html: string): HtmlForm[] {
  return [...html.matchAll(/<form\b[\s\S]*?(?:<\/form>|$)/gi)].map((m) => readForm(m[0]));
}

/** The page's first form (no action and no fields when it has none). */
export function formOf(html: string): HtmlForm {
  return formsOf(html)[0] ?? { action: '', fields: {}, names: [] };
}

function readForm(form: string): HtmlForm {
  const action = tagsOf(form, 'form')[0]?.get('action') ?? '';
  // Keyed by what the page names: no prototype to write through (a field named __proto__).
  const fields = Object.create(null) as Record<string, string>;
  const names: string[] = [];
  for (const input of tagsOf(form, 'input')) {
    const name = input.get('name');
    if (!name) continue;
    names.push(name);
    if (input.get('type')?.toLowerCase() === 'hidden') fields[name] = input.get('value') ?? '';
  }
  for (const tag of ['select', 'textarea']) {
    for (const control of tagsOf(form, tag)) {
      const name = control.get('name');
      if (name) names.push(name);
    }
  }
  return { action, fields, names };
}
