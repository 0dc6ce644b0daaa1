/**
 * A tiny escaping template for the HTML report: `html\`<td>${value}</td>\`` escapes every interpolated
 * string, so text from a scenario file or an error message can never become markup; already-built
 * fragments (SafeHtml) and arrays of them pass through. Hand-written because the report needs nothing
 * else a template engine offers, and this keeps report.html rendering free of dependencies.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | undefined | null | false | readonly HtmlValue[];

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += renderValue(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Trusted markup (the inlined chart library and stylesheet): passed through unescaped. */
export const raw = (markup: string): SafeHtml => new SafeHtml(markup);

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function renderValue(value: HtmlValue): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  return escapeHtml(String(value));
}

/**
 * JSON inside <script type="application/json">: `<` is escaped so no string in the report can close
 * the script element (`</script>`) or open a comment.
 */
export const scriptJson = (value: unknown): SafeHtml =>
  new SafeHtml(JSON.stringify(value).replaceAll('<', '\\u003c'));
