import { useMemo } from 'react';
import { useAuth } from '../app/auth';
import { useApi } from '../app/useApi';
import type { Division, Organisation } from '../api/types';

export interface OrgIndex {
  org: Organisation | undefined;
  townshipName(id: string | null | undefined): string;
  villageName(id: string | null | undefined): string;
  /** Villages the signed-in staff member works with (their township's; the county's for county roles). */
  villages: Array<Division & { townshipId: string }>;
}

/** The county's townships and villages, with name look-ups. */
export function useOrganisation(): OrgIndex {
  const { ep, staff } = useAuth();
  const { data: org } = useApi(() => ep.organisation(), [ep]);
  return useMemo(() => {
    const names = new Map<string, string>();
    const villages: OrgIndex['villages'] = [];
    for (const t of org?.townships ?? []) {
      names.set(t.id, t.name);
      for (const v of t.villages) {
        names.set(v.id, v.name);
        if (!staff?.townshipId || staff.townshipId === t.id) villages.push({ ...v, townshipId: t.id });
      }
    }
    const name = (id: string | null | undefined) => (id ? (names.get(id) ?? '…') : '—');
    return { org, townshipName: name, villageName: name, villages };
  }, [org, staff]);
}
