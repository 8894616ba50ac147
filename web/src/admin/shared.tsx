import { useState } from 'react';
import type { Endpoints, DivisionPatch } from '../api/endpoints';
import type { TalkRoom } from '../api/types';
import { useI18n } from '../i18n';
import { ErrorNote } from '../app/ui';
import { useSubmit } from '../app/useSubmit';

/** Every talk room of the county (the API pages by 100). */
export async function allTalkRooms(ep: Endpoints): Promise<TalkRoom[]> {
  const out: TalkRoom[] = [];
  for (let page = 1; ; page++) {
    const p = await ep.talkRooms({ pageSize: 100, page });
    out.push(...p.items);
    if (out.length >= p.total || p.items.length === 0) return out;
  }
}

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useI18n();
  return <span className={`badge ${active ? 'badge-ok' : 'badge-off'}`}>{active ? t('admin.active') : t('admin.inactive')}</span>;
}

/** 改名 (an inline form) and 停用 / 恢复使用 for a township, village or talk room. */
export function DivisionActions({ name, active, save, room = false }: { name: string; active: boolean; save(patch: DivisionPatch): Promise<void>; room?: boolean }) {
  const { t } = useI18n();
  // a room's buttons say so (they sit beside its village's own 改名/停用)
  const words = room ? { rename: t('admin.renameRoom'), off: t('admin.deactivateRoom'), on: t('admin.reactivateRoom') } : { rename: t('admin.rename'), off: t('admin.deactivate'), on: t('admin.reactivate') };
  const [renaming, setRenaming] = useState(false);
  const [value, setValue] = useState(name);
  const rename = useSubmit(async () => {
    await save({ name: value.trim() });
    setRenaming(false);
  });
  const toggle = useSubmit(async () => save({ active: !active }));
  if (renaming) {
    return (
      <form className="inline-form" onSubmit={rename.onSubmit}>
        <label>
          {t('admin.newName')}（{name}）
          <input value={value} onChange={(e) => setValue(e.target.value)} required maxLength={64} autoFocus />
        </label>
        <button type="submit" className="primary-button" disabled={rename.busy || !value.trim()}>
          {t('admin.save')}
        </button>
        <button type="button" className="link-button" onClick={() => setRenaming(false)}>
          {t('admin.cancel')}
        </button>
        <ErrorNote error={rename.error} />
      </form>
    );
  }
  return (
    <span className="row-actions">
      <button type="button" className="link-button" aria-label={`${words.rename}：${name}`} onClick={() => setRenaming(true)}>
        {words.rename}
      </button>
      <form className="inline-form" onSubmit={toggle.onSubmit}>
        <button type="submit" className="link-button" aria-label={`${active ? words.off : words.on}：${name}`} disabled={toggle.busy}>
          {active ? words.off : words.on}
        </button>
      </form>
      <ErrorNote error={toggle.error} />
    </span>
  );
}
