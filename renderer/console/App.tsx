// The admin console: providers (data cache, router), the signed-out pages and
// the signed-in shell with its screens. Client routes live under /console.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ComponentType, ReactNode } from 'react';
import { RouterProvider as AriaRouterProvider } from 'react-aria-components';
import { BrowserRouter, Navigate, Route, Routes, useHref, useNavigate, useSearchParams } from 'react-router';
import { useMe } from './api/queries.ts';
import { useAdoptWorkspace } from './api/use-workspace.ts';
import { useCurrentWorkspace } from './api/workspace.ts';
import { Loading } from './components/bits.tsx';
import { Shell } from './components/Shell.tsx';
import { AcceptInvitationPage } from './pages/AcceptInvitationPage.tsx';
import { ActivationLogPage } from './pages/ActivationLogPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { BusinessProfilePage } from './pages/BusinessProfilePage.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { DenialsPage } from './pages/DenialsPage.tsx';
import { DevicesPage } from './pages/DevicesPage.tsx';
import { IntegrationPage } from './pages/IntegrationPage.tsx';
import { LicensesPage } from './pages/LicensesPage.tsx';
import { NotificationsPage } from './pages/NotificationsPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { SignUpPage } from './pages/SignUpPage.tsx';
import { UsagePage } from './pages/UsagePage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { UserTimelinePage } from './pages/UserTimelinePage.tsx';
import { AppInvitationsPage } from './pages/app-invitations/AppInvitationsPage.tsx';
import { WebhookLogPage } from './pages/WebhookLogPage.tsx';
import { WebhooksPage } from './pages/WebhooksPage.tsx';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: true },
    mutations: { retry: false },
  },
});

/** react-aria's links and buttons navigate through react-router. */
function AriaRouting({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  return (
    <AriaRouterProvider navigate={(to) => void navigate(to)} useHref={useHref}>
      {children}
    </AriaRouterProvider>
  );
}

/**
 * The signed-in pages, mounted afresh for each workspace (keyed by it): no
 * observer, cache entry or page state of one business account carries over
 * to another's.
 */
function SignedIn({ children }: { children: ReactNode }) {
  const workspace = useCurrentWorkspace();
  return <SignedInWorkspace key={workspace ?? 'first'}>{children}</SignedInWorkspace>;
}

function SignedInWorkspace({ children }: { children: ReactNode }) {
  const me = useMe();
  const settled = useAdoptWorkspace(me.data);
  if (me.isPending || !settled) return <Loading what="your session" />;
  if (!me.data) return <Navigate to="/sign-in" replace />;
  return <Shell me={me.data}>{children}</Shell>;
}

/** Signed-out pages; "Add a business account" (?add=1) opens the sign-in page within a session. */
function SignedOut({ children }: { children: ReactNode }) {
  const me = useMe();
  const [params] = useSearchParams();
  if (me.isPending) return <Loading what="your session" />;
  if (me.data && params.get('add') !== '1') return <Navigate to="/dashboard" replace />;
  return <>{children}</>;
}

/** The route table: each page with the session it needs (path under /console). */
const signedOutPages: [path: string, Page: ComponentType][] = [
  ['/sign-in', SignInPage],
  ['/sign-up', SignUpPage],
];
const signedInPages: [path: string, Page: ComponentType][] = [
  ['/dashboard', DashboardPage],
  ['/business-profile', BusinessProfilePage],
  ['/integration', IntegrationPage],
  ['/users', UsersPage],
  ['/users/:id', UserTimelinePage],
  ['/licenses', LicensesPage],
  ['/usage', UsagePage],
  ['/activation-log', ActivationLogPage],
  ['/audit', AuditPage],
  ['/denials', DenialsPage],
  ['/notifications', NotificationsPage],
  ['/app-invitations', AppInvitationsPage],
  ['/webhooks', WebhooksPage],
  ['/webhooks/:id', WebhookLogPage],
  ['/devices', DevicesPage],
];

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter basename="/console">
        <AriaRouting>
          <Routes>
            {signedOutPages.map(([path, Page]) => (
              <Route
                key={path}
                path={path}
                element={
                  <SignedOut>
                    <Page />
                  </SignedOut>
                }
              />
            ))}
            {signedInPages.map(([path, Page]) => (
              <Route
                key={path}
                path={path}
                element={
                  <SignedIn>
                    <Page />
                  </SignedIn>
                }
              />
            ))}
            {/* Signed in or not: the invitee accepts with the link whoever holds this browser. */}
            <Route path="/invitation" element={<AcceptInvitationPage />} />
            <Route path="*" element={<Navigate to="/dashboard" replace />} />
          </Routes>
        </AriaRouting>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
