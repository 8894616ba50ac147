import type { StaffRole } from '../api/types';

/** Where each role starts after signing in. */
export function homeOf(role: StaffRole): string {
  switch (role) {
    case 'COUNTY_ADMIN':
      return '/dashboard';
    case 'COUNTY_LEGAL_ADVISOR':
      return '/lawyer';
    case 'VILLAGE_OPERATOR':
      return '/cases';
    case 'TOWNSHIP_MEDIATOR':
      return '/cases';
  }
}
