// A list that pages on the server (tickets, the audit, SMS and personal-data logs): each page's
// cursor is kept, so 上一页 returns to it, and a new filter starts again at page 1.
import { ref, type Ref } from "vue";
import { api } from "./api";

/** A list's total as the server counts it: up to a cap, beyond which it says "N+". */
export interface ListTotal {
  n: number;
  capped: boolean;
}

/** A paged list: `query()` gives the filter, `key` names the rows in the answer. */
export function usePaged<T = any>(path: string, key: string, query: () => URLSearchParams, size = 20) {
  const rows = ref([]) as Ref<T[]>;
  const total = ref<ListTotal>({ n: 0, capped: false });
  const pageSize = ref(size);
  const cursors = ref<(string | null)[]>([null]);
  const pageIndex = ref(0);
  const next = ref<string | null>(null);
  const loading = ref(false);
  const error = ref("");
  async function load(to: "first" | "next" | "prev" | "same" = "first") {
    if (to === "first") {
      cursors.value = [null];
      pageIndex.value = 0;
    } else if (to === "next" && next.value) {
      cursors.value = [...cursors.value.slice(0, pageIndex.value + 1), next.value];
      pageIndex.value += 1;
    } else if (to === "prev" && pageIndex.value > 0) {
      pageIndex.value -= 1;
    }
    loading.value = true;
    error.value = "";
    try {
      const q = query();
      q.set("limit", String(pageSize.value));
      const cursor = cursors.value[pageIndex.value];
      if (cursor) q.set("cursor", cursor);
      const r = await api<Record<string, unknown>>("GET", `${path}?${q}`);
      rows.value = r[key] as T[];
      next.value = r["nextCursor"] as string | null;
      total.value = r["total"] as ListTotal;
    } catch (e) {
      // After an error no old rows stay under the new filter.
      rows.value = [];
      next.value = null;
      total.value = { n: 0, capped: false };
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      loading.value = false;
    }
  }
  /** Another page size: the list starts again at its first page. */
  function resize(n: number) {
    pageSize.value = n;
    return load();
  }
  return { rows, total, pageSize, pageIndex, next, loading, error, load, resize };
}

export type Paged = ReturnType<typeof usePaged>;
