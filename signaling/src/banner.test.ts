import { describe, expect, it } from 'vitest';
import { startBanner } from './banner';

describe('start banner', () => {
  it('names roles in Chinese, the village of each grid worker, and the kiosk and party pages', () => {
    const text = startBanner({
      url: 'http://localhost:3000',
      database: 'PostgreSQL',
      adapter: 'Redis',
      demoAccounts: [
        { username: 'admin', password: 'demo-1', role: 'COUNTY_ADMIN', place: '青山县' },
        { username: 'operator.dongping', password: 'demo-2', role: 'VILLAGE_OPERATOR', place: '东坪村' },
      ],
    });
    expect(text).toMatch(/县管理员.*admin \/ demo-1/);
    expect(text).toMatch(/村居说事员（网格员）.*东坪村.*operator\.dongping \/ demo-2/);
    expect(text).not.toMatch(/COUNTY_ADMIN|VILLAGE_OPERATOR/);
    expect(text).toContain('http://localhost:3000/kiosk');
    expect(text).toContain('http://localhost:3000/join');
  });

  it('prints no sign-ins once the data existed', () => {
    expect(startBanner({ url: 'http://x', database: 'd', adapter: 'a', demoAccounts: [] })).not.toContain('/ ');
  });
});
