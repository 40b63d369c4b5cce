// One user's story (issue 23 item 6): the first screen when an admin asks "why
// did Alice lose her license?" — whether she could activate now (the access
// check, read-only), then what happened to her, newest first, one page at a
// time: directory and group changes, sign-ins, activations, check-ins per day,
// refusals and revocations.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import type { TimelineEntry, UserTimelinePage } from '../../../common/console-timeline.ts';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import { AccessCheckPanel, useAccessCheck } from '../components/AccessCheckPanel.tsx';
import { Alert, Button, Loading, When } from '../components/bits.tsx';
import { PageHeading } from '../components/Shell.tsx';
import { accessSummary } from '../lib/access-check.ts';
import { entryWords } from '../lib/timeline-words.ts';

const pageSize = 50;

function useTimeline(userId: string) {
  return useInfiniteQuery({
    queryKey: keys.timeline(userId),
    queryFn: ({ pageParam }) =>
      api.get<UserTimelinePage>(
        `/api/console/users/${encodeURIComponent(userId)}/timeline?limit=${pageSize}${
          pageParam ? `&cursor=${pageParam}` : ''
        }`,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The answer in one line, above the story; the rules in full are below it. */
function AccessNow({ email }: { email: string }) {
  const check = useAccessCheck(email);
  if (!check.data) return null;
  return <Alert kind={check.data.allowed ? 'success' : 'warning'}>Now: {accessSummary(check.data)}</Alert>;
}

function Entry({ entry }: { entry: TimelineEntry }) {
  const words = entryWords(entry);
  return (
    <li className={`timeline-entry ${words.tone}`} data-kind={entry.kind}>
      <p className="when">
        <When at={entry.at} />
      </p>
      <p className="what">{words.title}</p>
      {words.detail && <p className="description">{words.detail}</p>}
    </li>
  );
}

export function UserTimelinePage() {
  const { id = '' } = useParams();
  const timeline = useTimeline(id);
  if (timeline.isPending) return <Loading what="the user's timeline" />;
  if (timeline.isError)
    return (
      <>
        <PageHeading crumb="Users" crumbTo="/users">
          User
        </PageHeading>
        <Alert kind="error">The timeline could not be read: {timeline.error.message}</Alert>
      </>
    );
  const [first] = timeline.data.pages;
  const user = first?.user;
  const who = user?.email ?? user?.userName ?? id;
  const entries = timeline.data.pages.flatMap((p) => p.items);
  return (
    <>
      <PageHeading crumb="Users" crumbTo="/users">
        {user?.displayName ?? who}
      </PageHeading>
      <p className="description">
        {who} · {user?.active ? 'Active' : 'Deactivated'} in the directory
      </p>
      {user?.email && <AccessNow email={user.email} />}
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline, newest first</h2>
        {entries.length === 0 ? (
          <p>Nothing has happened to this user yet.</p>
        ) : (
          <ol className="timeline" aria-label={`What happened to ${who}, newest first`}>
            {entries.map((e) => (
              <Entry key={`${e.kind}-${e.at}-${entryKey(e)}`} entry={e} />
            ))}
          </ol>
        )}
        {timeline.hasNextPage && (
          <Button isDisabled={timeline.isFetchingNextPage} onPress={() => void timeline.fetchNextPage()}>
            {timeline.isFetchingNextPage ? 'Loading older entries…' : 'Show older entries'}
          </Button>
        )}
      </section>
      {user?.email && <AccessCheckPanel email={user.email} headingId="timeline-access" />}
    </>
  );
}

/** What makes an entry unique beside its kind and time. */
function entryKey(e: TimelineEntry): string {
  switch (e.kind) {
    case 'refusal':
      return String(e.reference);
    case 'check-ins':
      return `${e.activationId}-${e.day}`;
    case 'activation':
    case 'revocation':
      return e.activationId;
    case 'membership':
      return `${e.change}-${e.group}`;
    case 'directory':
      return e.action;
    case 'sign-in':
      return e.stage;
  }
}
