import type { MessageKey } from './zh-CN';
/** English: complete, second language. */
export declare const en: Record<MessageKey, string>;
