import Container from '@cloudscape-design/components/container';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import { SECURITY_CREDENTIALS_HREF } from './routes.ts';

/** `/console/home`: the landing page after sign-in. */
export function ConsoleHome() {
  return (
    <ContentLayout header={<Header variant="h1">Console Home</Header>}>
      <Container header={<Header variant="h2">Recently visited</Header>}>
        <Link href={SECURITY_CREDENTIALS_HREF}>IAM</Link>
      </Container>
    </ContentLayout>
  );
}

/** Any page the replica does not have: said loudly, never faked. */
export function NotReplicated({ where }: { where: string }) {
  return (
    <ContentLayout
      header={
        <Header variant="h1" description={`The replica console has no page at ${where}.`}>
          Not replicated
        </Header>
      }
    >
      <Container>
        <Link href="/console/home">Console Home</Link>
      </Container>
    </ContentLayout>
  );
}
