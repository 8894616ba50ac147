import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n';
import type { RemotePeer, RoomClient } from '../../room';

/** Says (to a screen reader) who just raised a hand. */
export function HandAnnouncer({ client, peers, hands }: { client: RoomClient; peers: RemotePeer[]; hands: ReadonlySet<string> }) {
  const { t } = useI18n();
  const before = useRef<ReadonlySet<string>>(hands);
  const [text, setText] = useState('');
  useEffect(() => {
    const raised = [...hands].filter((id) => !before.current.has(id) && id !== client.self?.peerId);
    before.current = hands;
    if (raised.length) setText(raised.map((id) => t('roomui.hand.announce', { name: peers.find((p) => p.peerId === id)?.displayName ?? id })).join('；'));
  }, [hands, peers, client, t]);
  return (
    <p className="visually-hidden" aria-live="polite">
      {text}
    </p>
  );
}
