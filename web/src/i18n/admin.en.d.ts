import type { AdminMessageKey } from './admin.zh-CN';
/** English for the county administrator's pages: every key of admin.zh-CN.ts. */
export declare const adminEn: Record<AdminMessageKey, string>;
