/**
 * A lawyer's name with the title once: 陈静 → 陈静律师, but 陈律师 stays 陈律师 (never
 * 陈律师律师). In English the title goes first: Lawyer Chen, unless the name has it.
 */
export function withLawyerTitle(name: string, title: string): string {
  const n = name.trim();
  if (n.includes(title) || n.endsWith('律师')) return n;
  return /^[A-Za-z]/.test(title) ? `${title} ${n}` : `${n}${title}`;
}
