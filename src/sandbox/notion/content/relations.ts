import { PageRecord, PropertyConfig } from '../store/model';
import { SandboxStore } from '../store/store';
import { emptyValue } from './property-values';

/**
 * Keeps two-way relations symmetric: when page P gains or loses related page Q through a
 * dual property, Q's mirror property gains or loses P.
 */
export function syncDualRelation(store: SandboxStore, page: PageRecord, property: PropertyConfig, before: string[], after: string[], by: string): void {
  const synced = property.relation?.synced;
  if (!synced) return;
  const added = after.filter((id) => !before.includes(id));
  const removed = before.filter((id) => !after.includes(id));
  for (const [ids, add] of [[added, true], [removed, false]] as const) {
    for (const otherId of ids) {
      const other = store.state.pages[otherId];
      if (!other) continue;
      const mirrorSource = other.parent.type === 'data_source_id' ? store.state.dataSources[other.parent.id] : undefined;
      const mirror = mirrorSource?.properties.find((p) => p.id === synced.propertyId);
      if (!mirror) continue;
      const current = other.properties[mirror.id] ?? emptyValue(mirror);
      if (current.type !== 'relation') continue;
      const next = add ? [...new Set([...current.value, page.id])] : current.value.filter((id) => id !== page.id);
      other.properties[mirror.id] = { type: 'relation', value: next };
      store.touch(other, by);
    }
  }
}
