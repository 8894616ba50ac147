import type { Handler } from './context';

export const createTransport: Handler<'createTransport'> = async (ctx, { direction }) => {
  const { room, peer } = ctx.session.seat();
  return room.createTransport(peer, direction);
};

export const connectTransport: Handler<'connectTransport'> = async (ctx, { transportId, dtlsParameters }) => {
  const { room, peer } = ctx.session.seat();
  await room.connectTransport(peer, transportId, dtlsParameters);
  return {};
};

export const restartIce: Handler<'restartIce'> = async (ctx, { transportId }) => {
  const { room, peer } = ctx.session.seat();
  return { iceParameters: await room.restartIce(peer, transportId) };
};
