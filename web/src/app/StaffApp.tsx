import { Suspense, lazy, useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n';
import type { StaffRole } from '../api/types';
import type { MessageKey } from '../i18n';
import { AuthProvider, useAuth } from './auth';
import { Link, match, navigate, useLocation } from './router';
import { LanguageSwitch, Loading } from './ui';
import { SignInPage } from './SignInPage';
import { homeOf } from './home';
import { CaseListPage } from '../console/CaseListPage';
import { CaseDetailPage } from '../console/CaseDetailPage';
import { IntakePage } from '../console/IntakePage';
import { SchedulePage } from '../console/SchedulePage';
import { FollowUpsPage } from '../console/FollowUpsPage';
import { DeskPage } from '../lawyer/DeskPage';
import { RecordPage } from '../lawyer/RecordPage';
import { HistoryPage } from '../lawyer/HistoryPage';
import { RosterPage } from '../lawyer/RosterPage';
import { EnrolPage } from '../device/EnrolPage';
import { OrganisationPage } from '../admin/OrganisationPage';
import { StaffPage } from '../admin/StaffPage';
import { DevicesPage } from '../admin/DevicesPage';
import '../console/console.css';

// echarts (≈ 400 kB) loads only with the dashboard
const DashboardPage = lazy(() => import('../dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));

export function StaffApp() {
  return (
    <AuthProvider>
      <StaffRoutes />
    </AuthProvider>
  );
}

function StaffRoutes() {
  const { staff } = useAuth();
  const { pathname } = useLocation();
  const signedOut = !staff && pathname !== '/login';
  useEffect(() => {
    if (signedOut) navigate(`/login?next=${encodeURIComponent(pathname)}`, { replace: true });
    else if (staff && (pathname === '/' || pathname === '/login')) navigate(homeOf(staff.role), { replace: true });
  }, [signedOut, staff, pathname]);
  if (pathname === '/login' && !staff) return <SignInPage />;
  if (!staff) return null;

  let page: ReactNode;
  let m: Record<string, string> | null;
  if (pathname === '/cases') page = <CaseListPage />;
  else if (pathname === '/cases/new') page = <IntakePage />;
  else if ((m = match('/cases/:id/schedule', pathname))) page = <SchedulePage caseId={m.id!} />;
  else if ((m = match('/cases/:id', pathname))) page = <CaseDetailPage caseId={m.id!} />;
  else if (pathname === '/follow-ups') page = <FollowUpsPage />;
  else if (pathname === '/lawyer') page = <DeskPage />;
  else if (pathname === '/lawyer/consultations') page = <HistoryPage />;
  else if ((m = match('/lawyer/consultations/:id', pathname))) page = <RecordPage key={m.id} consultationId={m.id!} />;
  else if (pathname === '/duty-roster') page = <RosterPage />;
  else if (pathname === '/dashboard') page = <DashboardPage />;
  else if (pathname === '/enrol') page = <EnrolPage />;
  else if (pathname === '/admin/organisation' && staff.role === 'COUNTY_ADMIN') page = <OrganisationPage />;
  else if (pathname === '/admin/staff' && staff.role === 'COUNTY_ADMIN') page = <StaffPage />;
  else if (pathname === '/admin/devices' && staff.role === 'COUNTY_ADMIN') page = <DevicesPage />;
  else page = <NotFound />;
  return (
    <Shell>
      <Suspense fallback={<Loading />}>{page}</Suspense>
    </Shell>
  );
}

const NAV: Record<StaffRole, Array<{ to: string; key: MessageKey }>> = {
  TOWNSHIP_MEDIATOR: [{ to: '/cases', key: 'nav.cases' }, { to: '/cases/new', key: 'nav.intake' }, { to: '/follow-ups', key: 'nav.followUps' }, { to: '/dashboard', key: 'nav.dashboard' }],
  VILLAGE_OPERATOR: [{ to: '/cases', key: 'nav.cases' }, { to: '/cases/new', key: 'nav.intake' }, { to: '/follow-ups', key: 'nav.followUps' }, { to: '/enrol', key: 'nav.enrol' }],
  COUNTY_LEGAL_ADVISOR: [{ to: '/lawyer', key: 'lw.nav.desk' }, { to: '/lawyer/consultations', key: 'lw.nav.history' }, { to: '/duty-roster', key: 'lw.nav.roster' }, { to: '/cases', key: 'nav.cases' }],
  COUNTY_ADMIN: [
    { to: '/dashboard', key: 'nav.dashboard' }, { to: '/cases', key: 'nav.cases' }, { to: '/follow-ups', key: 'nav.followUps' }, { to: '/duty-roster', key: 'lw.nav.roster' },
    { to: '/admin/organisation', key: 'nav.adminOrg' }, { to: '/admin/staff', key: 'nav.adminStaff' }, { to: '/admin/devices', key: 'nav.adminDevices' },
  ],
};

function Shell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { staff, signOut } = useAuth();
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    // after a navigation, keyboard and screen-reader users start at the new page's content
    if (first.current) first.current = false;
    else document.getElementById('main')?.focus();
  }, [pathname]);
  if (!staff) return null;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="shell-header">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.label')}>
          <ul>
            {NAV[staff.role].map((n) => (
              <li key={n.to}>
                <Link to={n.to} aria-current={pathname === n.to ? 'page' : undefined}>
                  {t(n.key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who" data-testid="signed-in-as">
          {staff.displayName} · {t(`role.${staff.role}`)}
        </span>
        <LanguageSwitch />
        <button type="button" className="link-button" onClick={() => void signOut().then(() => navigate('/login'))}>
          {t('nav.signOut')}
        </button>
      </header>
      <main id="main" className="shell-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

function NotFound() {
  const { t } = useI18n();
  return <h1>{t('common.notFound')}</h1>;
}
