import type { ErrorsMessageKey } from './errors.zh-CN';
/** English for every key of errors.zh-CN.ts. */
export declare const errorsEn: Record<ErrorsMessageKey, string>;
