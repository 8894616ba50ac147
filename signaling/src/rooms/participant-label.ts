import type { Role } from '@shuoshi/protocol';

const ROLE_LABEL: Record<Role, string> = {
  mediator: '调解员',
  lawyer: '法律顾问',
  party: '当事人',
  operator: '说事拉理员',
  observer: '旁听人员',
};

/**
 * How a participant is named in the consent ledger and on their recordings (the
 * same words, so the two can be matched): role then display name, "当事人 刘大山".
 */
export function participantLabel(p: { displayName: string; role: Role }): string {
  const role = ROLE_LABEL[p.role];
  const name = p.displayName.trim();
  return name.startsWith(role) ? name : `${role} ${name}`.trim();
}
