import type { LawyerMessageKey } from './lawyer.zh-CN';
/** English for the lawyer console; typed against the zh-CN keys, so a missing string fails tsc. */
export declare const lawyerEn: Record<LawyerMessageKey, string>;
