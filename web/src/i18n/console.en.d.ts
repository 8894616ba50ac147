import type { ConsoleMessageKey } from './console.zh-CN';
/** English for the staff console, dashboard, party and device pages: every key of console.zh-CN.ts. */
export declare const consoleEn: Record<ConsoleMessageKey, string>;
