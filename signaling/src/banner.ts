/** What `npm start` prints: where the service is, and how each kind of person gets in. */
export interface BannerFacts {
  url: string;
  database: string;
  adapter: string;
  /** The demo sign-ins created on this first run (empty afterwards). */
  demoAccounts: ReadonlyArray<{ username: string; password: string; role: string; place?: string }>;
}

const ROLE_ZH: Record<string, string> = {
  COUNTY_ADMIN: '县管理员',
  COUNTY_LEGAL_ADVISOR: '县法律顾问（律师）',
  TOWNSHIP_MEDIATOR: '镇调解员',
  VILLAGE_OPERATOR: '村居说事员（网格员）',
};

export function startBanner(f: BannerFacts): string {
  const lines = [
    '',
    `  说事 Shuoshi is running: ${f.url}`,
    `  health: ${f.url}/health   API docs: ${f.url}/docs`,
    `  database: ${f.database}; socket.io adapter: ${f.adapter}`,
    '',
    `  工作人员 Staff sign-in:            ${f.url}/login`,
    `  说事拉理室电视 Talk-room kiosk:    ${f.url}/kiosk   (登记设备 enrol it first: sign in as admin or the village's 村居说事员, open ${f.url}/enrol)`,
    `  当事人手机 Party's phone:          ${f.url}/join    (with the invite code the mediator gives them)`,
  ];
  if (f.demoAccounts.length > 0) {
    lines.push('', '  Demo organisation created. Sign in with (用户名 / 密码):');
    const width = Math.max(...f.demoAccounts.map((a) => (ROLE_ZH[a.role] ?? a.role).length));
    for (const a of f.demoAccounts) {
      const role = (ROLE_ZH[a.role] ?? a.role).padEnd(width, '　');
      lines.push(`    ${role} ${a.place ? `${a.place}　` : ''}${a.username} / ${a.password}`);
    }
    lines.push('  (These passwords are printed only on the first run; `npm run user:reset-password -- <username>` gives a new one.)');
    lines.push('  Add staff in the staff app as admin (组织管理), or `npm run user:create -- --role … --county … --username …`.');
  }
  return `${lines.join('\n')}\n`;
}
