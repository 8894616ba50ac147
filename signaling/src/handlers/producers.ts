import type { Handler } from './context';

export const produce: Handler<'produce'> = async (ctx, payload) => {
  const { room, peer } = ctx.session.seat();
  return { producerId: await room.wiring.produce(peer, payload) };
};

export const pauseProducer: Handler<'pauseProducer'> = async (ctx, { producerId }) => {
  const { room, peer } = ctx.session.seat();
  await room.wiring.setProducerPaused(peer, producerId, true);
  return {};
};

export const resumeProducer: Handler<'resumeProducer'> = async (ctx, { producerId }) => {
  const { room, peer } = ctx.session.seat();
  await room.wiring.setProducerPaused(peer, producerId, false);
  return {};
};

export const closeProducer: Handler<'closeProducer'> = async (ctx, { producerId }) => {
  const { room, peer } = ctx.session.seat();
  room.wiring.closeProducer(peer, producerId);
  return {};
};
