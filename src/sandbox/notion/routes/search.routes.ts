import { bodyValidation } from '../core/errors';
import { paginate } from '../content/pagination';
import { pageSize, requireObject, requireString } from '../content/validate';
import { ApiCall, Route } from '../http/types';
import { JsonObject } from '../store/model';
import { SearchIndex, titleMatches, words } from '../content/search-index';

interface Candidate {
  id: string;
  lastEditedTime: string;
  render: () => JsonObject;
}

/** Title search (by words) over what the bot can see; trashed pages and data sources drop out. */
function search(index: SearchIndex, call: ApiCall) {
  const { body, access, render } = call;
  const store = access.store;
  const query = words(body.query === undefined ? '' : requireString(body.query, 'body.query'));
  let kinds = ['page', 'data_source'];
  if (body.filter !== undefined) {
    const filter = requireObject(body.filter, 'body.filter');
    if (filter.property !== 'object') throw bodyValidation('body.filter.property', 'should be `"object"`', filter.property);
    if (filter.value !== 'page' && filter.value !== 'data_source') {
      throw bodyValidation('body.filter.value', 'should be `"page"` or `"data_source"`', filter.value);
    }
    kinds = [filter.value];
  }
  let direction = 'descending';
  if (body.sort !== undefined) {
    const sort = requireObject(body.sort, 'body.sort');
    if (sort.timestamp !== 'last_edited_time') throw bodyValidation('body.sort.timestamp', 'should be `"last_edited_time"`', sort.timestamp);
    if (sort.direction !== 'ascending' && sort.direction !== 'descending') {
      throw bodyValidation('body.sort.direction', 'should be `"ascending"` or `"descending"`', sort.direction);
    }
    direction = sort.direction;
  }
  const size = pageSize(body.page_size, 'body.page_size');
  const indexed = index.entries();
  const candidates: Candidate[] = [];
  if (kinds.includes('page')) {
    for (const page of Object.values(store.state.pages)) {
      candidates.push({ id: page.id, lastEditedTime: page.lastEditedTime, render: () => render.page(page) });
    }
  }
  if (kinds.includes('data_source')) {
    for (const source of Object.values(store.state.dataSources)) {
      candidates.push({ id: source.id, lastEditedTime: source.lastEditedTime, render: () => render.dataSource(source) });
    }
  }
  const sign = direction === 'ascending' ? 1 : -1;
  const results = candidates
    .filter((c) => {
      const entry = indexed.get(c.id);
      return entry !== undefined && !entry.trashed && access.canSee(c.id) && titleMatches(query, entry.title);
    })
    .sort((a, b) => sign * a.lastEditedTime.localeCompare(b.lastEditedTime));
  const { page, nextCursor } = paginate(results, (c) => c.id, body.start_cursor, size, 'body.start_cursor');
  return render.list('page_or_data_source', page.map((c) => c.render()), nextCursor);
}

export function searchRoutes(index: SearchIndex): Route[] {
  return [{ kind: 'api', method: 'POST', template: '/v1/search', handle: (call) => search(index, call) }];
}
