import type { Ack } from './ack';
import type { NotificationName, NotificationPayload } from './notifications';
import type { RequestName, RequestPayload, ResponseData } from './requests';

export * from './ack';
export * from './media';
export * from './peers';
export * from './lobby';
export * from './room-view';
export * from './case-brief';
export * from './requests';
export * from './notifications';
export * from './recording';
export * from './validate';
export * from './limits';
export * from './queue';
export * from './rest/index';
/** TypeBox's `Static`, so a package that reads these schemas derives its types with the same TypeBox. */
export type { Static } from '@sinclair/typebox';

/** socket.io's event map for client→server requests: `(payload, ack)`. */
export type ClientToServerEvents = {
  [N in RequestName]: (payload: RequestPayload<N>, ack: (res: Ack<ResponseData<N>>) => void) => void;
};

/** socket.io's event map for server→client notifications. */
export type ServerToClientEvents = {
  [N in NotificationName]: (payload: NotificationPayload<N>) => void;
};
