import { useMemo } from 'react';
import { useAuth } from '../app/auth';
import { useApi } from '../app/useApi';

/** Talk room names by id (the REST consultation view carries only the id). */
export function useTalkRoomNames(): (id: string) => string {
  const { ep } = useAuth();
  const { data } = useApi(() => ep.talkRooms({ pageSize: 100 }), [ep]);
  return useMemo(() => {
    const names = new Map((data?.items ?? []).map((r) => [r.id, r.name]));
    return (id: string) => names.get(id) ?? '…';
  }, [data]);
}
