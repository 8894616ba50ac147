import type { Handler } from './context';

export const ready: Handler<'ready'> = async (ctx, { rtpCapabilities }) => {
  const { room, peer } = ctx.session.seat();
  return { consumers: await room.wiring.ready(peer, rtpCapabilities) };
};

export const resumeConsumer: Handler<'resumeConsumer'> = async (ctx, { consumerId }) => {
  const { room, peer } = ctx.session.seat();
  await room.wiring.resumeConsumer(peer, consumerId);
  return {};
};

export const setRenderedSize: Handler<'setRenderedSize'> = async (ctx, { consumerId, width, height }) => {
  const { room, peer } = ctx.session.seat();
  return { spatialLayer: await room.wiring.setRenderedSize(peer, consumerId, width, height) };
};
