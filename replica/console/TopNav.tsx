import TopNavigation, { type TopNavigationProps } from '@cloudscape-design/components/top-navigation';
import type { ConsoleContext } from '../contract.ts';
import { SECURITY_CREDENTIALS_HREF } from './routes.ts';

/** The console's top bar: identity, and the account menu with Security credentials and Sign out. */
export function TopNav({ context }: { context: ConsoleContext | null }) {
  const utilities: TopNavigationProps.Utility[] = context
    ? [
        {
          type: 'menu-dropdown',
          text: context.displayName,
          items: [
            {
              id: 'security-credentials',
              text: context.generation === 'legacy' ? 'My Security Credentials' : 'Security credentials',
              href: SECURITY_CREDENTIALS_HREF,
            },
            // A plain navigation: the server ends the session on GET /signout.
            { id: 'signout', text: 'Sign out', href: '/signout' },
          ],
        },
      ]
    : [];
  return (
    <TopNavigation
      identity={{ href: '/console/home', title: 'AWS Management Console' }}
      utilities={utilities}
      i18nStrings={{
        overflowMenuTriggerText: 'More',
        overflowMenuTitleText: 'All',
        overflowMenuBackIconAriaLabel: 'Back',
        overflowMenuDismissIconAriaLabel: 'Close menu',
      }}
    />
  );
}
