import { createHash } from 'node:crypto';
import { escapeHtml } from '../oauth/consent-page';

/**
 * The page view's one inline style sheet (allowed by hash in the Content-Security-Policy) and the
 * HTML frame around every view. Text fonts come first; the emoji fonts before the generic family
 * make emoji in titles and icons render in colour (Debian: fonts-noto-color-emoji) instead of as
 * empty boxes.
 */
const FONTS = `system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji",sans-serif`;

const STYLE = `body{font-family:${FONTS};max-width:46rem;margin:2rem auto;padding:0 1.2rem;color:#37352f;line-height:1.5}
body.wide{max-width:72rem}
h1{font-size:2.2rem;margin:.4rem 0 .3rem}h2{font-size:1.6rem}h3{font-size:1.3rem}h4{font-size:1.1rem}
.icon{font-size:3rem}.icon img{width:3rem;height:3rem}.cover{width:100%;max-height:14rem;object-fit:cover}
.trash{background:#eb5757;color:#fff;padding:.4rem .8rem;border-radius:4px}
.crumbs{color:#787774;font-size:.9rem}.crumbs a{color:inherit}.crumbs .sep{margin:0 .35rem}
.edited{color:#9b9a97;font-size:.85rem;margin:0 0 1.2rem}.description{color:#787774}
table.properties{border-collapse:collapse;margin-bottom:1.5rem}table.properties th{text-align:left;color:#787774;font-weight:normal;padding:.2rem 1.5rem .2rem 0}
.table-wrap{overflow-x:auto;margin:.5rem 0 1.2rem}table.database{border-collapse:collapse;width:100%;font-size:.92rem}
table.database th,table.database td{border-bottom:1px solid #e9e9e7;padding:.35rem .6rem;text-align:left;vertical-align:top}
table.database th{color:#787774;font-weight:500;white-space:nowrap}table.database td.empty{color:#9b9a97}
table.database td[data-type=title] a{color:inherit;font-weight:500}table.database td[data-type=date],table.database time{white-space:nowrap}
.tag{display:inline-block;background:#e3e2e0;border-radius:3px;padding:0 .4em;margin:0 .25em .15em 0;white-space:nowrap}
.child-database h2{font-size:1.25rem;margin:1.2rem 0 .2rem}.child-database h2 a{color:inherit}
.todo{display:flex;gap:.5rem;align-items:baseline}.todo.checked .text{text-decoration:line-through;color:#787774}
blockquote{border-left:3px solid #37352f;margin:.5rem 0;padding-left:1rem}
.callout{display:flex;gap:.6rem;background:#f1f1ef;border-radius:4px;padding:1rem;margin:.5rem 0}
pre{background:#f7f6f3;padding:1rem;border-radius:4px;overflow-x:auto}code{font-family:ui-monospace,monospace}
.mention{color:#37352f;text-decoration:underline;text-decoration-color:#b3b3b0}.nested{margin-left:1.5rem}
.caption{color:#787774;font-size:.9rem}.breadcrumb,.toc{color:#787774}figure{margin:.5rem 0}summary>h2,summary>h3,summary>h4{display:inline}
.c-gray{color:#787774}.c-brown{color:#9f6b53}.c-orange{color:#d9730d}.c-yellow{color:#cb912f}.c-green{color:#448361}.c-blue{color:#337ea9}.c-purple{color:#9065b0}.c-pink{color:#c14c8a}.c-red{color:#d44c47}
[class*=_background]{padding:0 .15em;border-radius:3px}.c-gray_background{background:#f1f1ef}.c-brown_background{background:#f4eeee}.c-orange_background{background:#fbecdd}.c-yellow_background{background:#fbf3db}.c-green_background{background:#edf3ec}.c-blue_background{background:#e7f3f8}.c-purple_background{background:#f6f3f9}.c-pink_background{background:#faf1f5}.c-red_background{background:#fdebec}
.tag.c-gray{background:#e3e2e0;color:#32302c}.tag.c-brown{background:#eee0da;color:#442a1e}.tag.c-orange{background:#fadec9;color:#49290e}.tag.c-yellow{background:#fdecc8;color:#402c1b}.tag.c-green{background:#dbeddb;color:#1c3829}.tag.c-blue{background:#d3e5ef;color:#183347}.tag.c-purple{background:#e8deee;color:#412454}.tag.c-pink{background:#f5e0e9;color:#4c2337}.tag.c-red{background:#ffe2dd;color:#5d1715}`;

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** Security headers of every page view. */
export const VIEW_HEADERS: Record<string, string> = {
  'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src http: https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export function layout(title: string, body: string, options: { wide?: boolean } = {}): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head>
<body${options.wide ? ' class="wide"' : ''}>
${body}
</body>
</html>
`;
}

/** Only web and mail links become `href`s (never `javascript:` or other schemes). */
export function safeHref(url: string): string | null {
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  try {
    const parsed = new URL(url);
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.toString() : null;
  } catch {
    return null;
  }
}

/** The URL of an external file object (icon, cover), when it is a web URL. */
export function externalUrl(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const external = (value as Record<string, unknown>).external as Record<string, unknown> | undefined;
  const url = typeof external?.url === 'string' ? external.url : null;
  const href = url ? safeHref(url) : null;
  return href && /^https?:/.test(href) ? href : null;
}

/** `2026-03-11T10:15:00.000Z` → `2026-03-11 10:15 UTC`, in a `<time>` element. */
export function timeElement(iso: string): string {
  const shown = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(shown ? `${shown[1]} ${shown[2]} UTC` : iso)}</time>`;
}
