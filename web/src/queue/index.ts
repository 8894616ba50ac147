export { ConsultQueueClient, type ConsultQueueClientOptions, type QueueStanding, type CallbackNotice, type AcceptedNotice } from './queue-client';
