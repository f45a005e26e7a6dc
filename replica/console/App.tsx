import { useEffect, useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import AppLayout from '@cloudscape-design/components/app-layout';
import BreadcrumbGroup, { type BreadcrumbGroupProps } from '@cloudscape-design/components/breadcrumb-group';
import Flashbar from '@cloudscape-design/components/flashbar';
import Spinner from '@cloudscape-design/components/spinner';
import type { ConsoleContext } from '../contract.ts';
import { consoleApi, messageOf } from './api.ts';
import { setDrift } from './drift.ts';
import { AssignMfaWizard } from '../iam/ui/AssignMfaWizard.tsx';
import { ConsoleHome, NotReplicated } from './ConsoleHome.tsx';
import { startPageFlashes, useFlashItems } from './flash.ts';
import { LegacySecurityCredentials } from '../iam/ui/LegacySecurityCredentials.tsx';
import { ASSIGN_MFA_HASH, routeKey, SECURITY_CREDENTIALS_HREF, useRoute, type Route } from './routes.ts';
import { SecurityCredentials } from '../iam/ui/SecurityCredentials.tsx';
import { TopNav } from './TopNav.tsx';
import { IdcNavigation, IdentityCenter, idcBreadcrumbs } from '../identity-center/ui/IdentityCenter.tsx';
import { isIdcWizard } from '../identity-center/ui/routes.ts';

const IAM_CRUMB = { text: 'IAM', href: '/iam/home#/home' };
const CREDENTIALS_CRUMB = { text: 'Security credentials', href: SECURITY_CREDENTIALS_HREF };

function breadcrumbsOf(route: Route): BreadcrumbGroupProps.Item[] | null {
  if (route.page === 'securityCredentials') return [IAM_CRUMB, CREDENTIALS_CRUMB];
  if (route.page === 'assignMfa') return [IAM_CRUMB, CREDENTIALS_CRUMB, { text: 'Assign MFA device', href: ASSIGN_MFA_HASH }];
  if (route.page === 'identityCenter') return idcBreadcrumbs(route.idc);
  return null;
}

const TITLES: Record<Route['page'], string> = {
  home: 'Console Home',
  securityCredentials: 'Security credentials | IAM | Global',
  assignMfa: 'Assign MFA device | IAM | Global',
  notReplicated: 'Not replicated',
  identityCenter: 'IAM Identity Center',
};

function Page({ route, context }: { route: Route; context: ConsoleContext }) {
  switch (route.page) {
    case 'home':
      return <ConsoleHome />;
    case 'notReplicated':
      return <NotReplicated where={route.where} />;
    case 'identityCenter':
      return <IdentityCenter route={route.idc} />;
    case 'assignMfa':
      // G1 had no wizard: its entry point is the "Activate MFA" dialog on the page itself.
      return context.generation === 'legacy' ? <LegacySecurityCredentials /> : <AssignMfaWizard />;
    case 'securityCredentials':
      return context.generation === 'legacy' ? <LegacySecurityCredentials /> : <SecurityCredentials context={context} />;
  }
}

/** The replica console: top navigation, flashes, breadcrumbs and the page for the current route. */
export function App() {
  const route = useRoute();
  const key = routeKey(route);
  const [context, setContext] = useState<ConsoleContext | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const flashes = useFlashItems();

  useEffect(() => {
    consoleApi.context().then(
      (loaded) => {
        setDrift(loaded.drift); // before any page renders: pages read it as they render
        setContext(loaded);
      },
      (error: unknown) => setLoadError(messageOf(error)),
    );
  }, []);
  useEffect(() => {
    startPageFlashes(key);
    document.title = TITLES[route.page];
  }, [key]); // the key stands for the route: a new page starts with its queued flashes only

  const crumbs = breadcrumbsOf(route);
  let content = <Spinner size="large" />;
  if (loadError)
    content = (
      <Alert type="error" statusIconAriaLabel="Error" header="The console could not load">
        {loadError}
      </Alert>
    );
  else if (context) content = <Page key={key} route={route} context={context} />;

  return (
    <>
      <div id="top-nav" style={{ position: 'sticky', top: 0, zIndex: 1002 }}>
        <TopNav context={context} />
      </div>
      <AppLayout
        headerSelector="#top-nav"
        navigationHide={route.page !== 'identityCenter'}
        navigation={route.page === 'identityCenter' ? <IdcNavigation route={route.idc} /> : undefined}
        toolsHide
        contentType={route.page === 'assignMfa' || (route.page === 'identityCenter' && isIdcWizard(route.idc)) ? 'wizard' : 'default'}
        ariaLabels={{ notifications: 'Notifications' }}
        notifications={
          <Flashbar
            items={flashes}
            i18nStrings={{
              ariaLabel: 'Notifications',
              successIconAriaLabel: 'Success',
              errorIconAriaLabel: 'Error',
              infoIconAriaLabel: 'Info',
              warningIconAriaLabel: 'Warning',
            }}
          />
        }
        breadcrumbs={crumbs ? <BreadcrumbGroup items={crumbs} ariaLabel="Breadcrumbs" /> : undefined}
        content={content}
      />
    </>
  );
}
