// The admin console: providers (data cache, router), the signed-out pages and
// the signed-in shell with its screens. Client routes live under /console.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ComponentType, ReactNode } from 'react';
import { RouterProvider as AriaRouterProvider } from 'react-aria-components';
import { BrowserRouter, Navigate, Route, Routes, useHref, useNavigate } from 'react-router';
import { useMe } from './api/queries.ts';
import { Loading } from './components/bits.tsx';
import { Shell } from './components/Shell.tsx';
import { AcceptInvitationPage } from './pages/AcceptInvitationPage.tsx';
import { ActivationLogPage } from './pages/ActivationLogPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { BusinessProfilePage } from './pages/BusinessProfilePage.tsx';
import { IntegrationPage } from './pages/IntegrationPage.tsx';
import { LicensesPage } from './pages/LicensesPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { SignUpPage } from './pages/SignUpPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';

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

function SignedIn({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.isPending) return <Loading what="your session" />;
  if (!me.data) return <Navigate to="/sign-in" replace />;
  return <Shell me={me.data}>{children}</Shell>;
}

function SignedOut({ children }: { children: ReactNode }) {
  const me = useMe();
  if (me.isPending) return <Loading what="your session" />;
  if (me.data) return <Navigate to="/integration" replace />;
  return <>{children}</>;
}

/** The route table: each page with the session it needs (path under /console). */
const signedOutPages: [path: string, Page: ComponentType][] = [
  ['/sign-in', SignInPage],
  ['/sign-up', SignUpPage],
];
const signedInPages: [path: string, Page: ComponentType][] = [
  ['/business-profile', BusinessProfilePage],
  ['/integration', IntegrationPage],
  ['/users', UsersPage],
  ['/licenses', LicensesPage],
  ['/activation-log', ActivationLogPage],
  ['/audit', AuditPage],
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
            <Route path="*" element={<Navigate to="/integration" replace />} />
          </Routes>
        </AriaRouting>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
