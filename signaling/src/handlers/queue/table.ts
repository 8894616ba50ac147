import type { QueueHandlerTable } from './context';
import { queueAbandon } from './abandon';
import { queueAccept } from './accept';
import { dutySet } from './duty-set';
import { queueList } from './list';

/** Every `/queue` request → its one handler (a missing entry is a compile error). */
export const queueHandlers: QueueHandlerTable = {
  'queue:list': queueList,
  'duty:set': dutySet,
  'queue:accept': queueAccept,
  'queue:abandon': queueAbandon,
};
