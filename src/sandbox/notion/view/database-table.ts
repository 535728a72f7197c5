import { escapeHtml } from '../oauth/consent-page';
import { DataSourceRecord, DatabaseRecord, PageRecord, PropertyConfig, PropertyValue } from '../store/model';
import { SandboxStore, plainTextOf } from '../store/store';

/** How the page view renders what goes into the table's cells. */
export interface TableCells {
  value(value: PropertyValue | undefined, property: PropertyConfig): string;
  /** The row's title, linking to the row's page. */
  rowTitle(row: PageRecord): string;
  /** When and by whom the row was last edited. */
  edited(row: PageRecord): string;
}

/**
 * A database as Notion's default table view shows it: one table per data source, its properties
 * as columns (the title first, then the schema's order), one row per page not in the trash, newest
 * first, and a last column saying when and by whom each row was last edited.
 */
export function databaseTables(store: SandboxStore, db: DatabaseRecord, cells: TableCells, options: { limit?: number; moreHref?: string } = {}): string {
  const sources = db.dataSourceIds.map((id) => store.state.dataSources[id]).filter((s): s is DataSourceRecord => Boolean(s) && !s.inTrash);
  return sources
    .map((source) => {
      const heading = sources.length > 1 ? `<h3>${escapeHtml(plainTextOf(source.title) || 'Untitled')}</h3>` : '';
      return `${heading}${table(store, source, cells, options)}`;
    })
    .join('\n');
}

function table(store: SandboxStore, source: DataSourceRecord, cells: TableCells, options: { limit?: number; moreHref?: string }): string {
  const columns = [...source.properties.filter((p) => p.type === 'title'), ...source.properties.filter((p) => p.type !== 'title')];
  const rows = newestFirst(Object.values(store.state.pages).filter((p) => p.parent.type === 'data_source_id' && p.parent.id === source.id && !p.inTrash));
  const shown = options.limit === undefined ? rows : rows.slice(0, options.limit);
  const head = `<tr>${columns.map((c) => `<th scope="col" data-type="${escapeHtml(c.type)}">${escapeHtml(c.name)}</th>`).join('')}<th scope="col" data-type="last_edited">Last edited</th></tr>`;
  const body = shown.map((row) => {
    const values = columns.map((c) => `<td data-property="${escapeHtml(c.name)}" data-type="${escapeHtml(c.type)}">${c.type === 'title' ? cells.rowTitle(row) : cells.value(row.properties[c.id], c)}</td>`);
    return `<tr data-row-id="${escapeHtml(row.id)}">${values.join('')}<td data-property="Last edited" data-type="last_edited">${cells.edited(row)}</td></tr>`;
  });
  if (rows.length === 0) body.push(`<tr><td class="empty" colspan="${columns.length + 1}">No rows yet.</td></tr>`);
  const more = rows.length > shown.length && options.moreHref ? `<p class="more"><a href="${escapeHtml(options.moreHref)}">All ${rows.length} rows</a></p>` : '';
  return `<div class="table-wrap"><table class="database" data-source-id="${escapeHtml(source.id)}"><thead>${head}</thead><tbody>${body.join('')}</tbody></table></div>${more}`;
}

/** Newest first by creation time; rows created at the same instant keep the later-created first. */
function newestFirst(rows: PageRecord[]): PageRecord[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => (a.row.createdTime < b.row.createdTime ? 1 : a.row.createdTime > b.row.createdTime ? -1 : b.index - a.index))
    .map((entry) => entry.row);
}
