/** Just enough HTML reading to drive the consent page the way a browser submitting its form would. */
export interface ParsedForm {
  action: string;
  method: string;
  hidden: Record<string, string>;
  selects: Record<string, string[]>;
  checkboxes: Record<string, string[]>;
  buttons: Array<{ name: string; value: string }>;
}

function unescape(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function attr(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return match ? unescape(match[1]) : null;
}

export function parseForm(html: string, formId: string): ParsedForm {
  const start = html.indexOf(`<form id="${formId}"`);
  if (start < 0) throw new Error(`no form #${formId} in page`);
  const formHtml = html.slice(start, html.indexOf('</form>', start));
  const formTag = formHtml.slice(0, formHtml.indexOf('>') + 1);
  const form: ParsedForm = { action: attr(formTag, 'action') ?? '', method: (attr(formTag, 'method') ?? 'get').toUpperCase(), hidden: {}, selects: {}, checkboxes: {}, buttons: [] };
  for (const tag of formHtml.match(/<input[^>]*>/g) ?? []) {
    const name = attr(tag, 'name') ?? '';
    const value = attr(tag, 'value') ?? '';
    if (attr(tag, 'type') === 'hidden') form.hidden[name] = value;
    if (attr(tag, 'type') === 'checkbox') (form.checkboxes[name] ??= []).push(value);
  }
  for (const select of formHtml.match(/<select[\s\S]*?<\/select>/g) ?? []) {
    const name = attr(select.slice(0, select.indexOf('>') + 1), 'name') ?? '';
    form.selects[name] = (select.match(/<option[^>]*>/g) ?? []).map((o) => attr(o, 'value') ?? '');
  }
  for (const tag of formHtml.match(/<button[^>]*>/g) ?? []) {
    const name = attr(tag, 'name');
    if (name) form.buttons.push({ name, value: attr(tag, 'value') ?? '' });
  }
  return form;
}
