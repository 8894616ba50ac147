import type { Handler } from './context';

export const createTransport: Handler<'createTransport'> = async (ctx, { direction }) => {
  const { room, peer } = ctx.session.seat();
  return room.wiring.createTransport(peer, direction);
};

export const connectTransport: Handler<'connectTransport'> = async (ctx, { transportId, dtlsParameters }) => {
  const { room, peer } = ctx.session.seat();
  await room.wiring.connectTransport(peer, transportId, dtlsParameters);
  return {};
};

export const restartIce: Handler<'restartIce'> = async (ctx, { transportId }) => {
  const { room, peer } = ctx.session.seat();
  return { iceParameters: await room.wiring.restartIce(peer, transportId) };
};
