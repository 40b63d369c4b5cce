// Denials (issue 23 item 4): "who could not activate this week and why" —
// refused attempts by code, by day and by the user's groups, each person
// linked to the access check that says what to change.
import { useState } from 'react';
import { Link } from 'react-router';
import { ToggleButton, ToggleButtonGroup } from 'react-aria-components';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { describeFailure, isFailureCode } from '../../../common/failure-codes.ts';
import type { DenialsReport } from '../../../common/console-dashboard.ts';
import { useDenials } from '../api/dashboard-queries.ts';
import { Alert, Loading, When } from '../components/bits.tsx';
import { ChartFigure, seriesColours } from '../components/ChartFigure.tsx';
import { PageHeading } from '../components/Shell.tsx';
import { axis, chartHeight, shortDay } from './dashboard/chart-style.ts';

const windows = [7, 30, 90] as const;

export function DenialsPage() {
  const [days, setDays] = useState<number>(7);
  const report = useDenials(days);
  return (
    <>
      <PageHeading>Denials</PageHeading>
      <p>Who could not activate, and why: every refused attempt of the activation log, counted by code.</p>
      <ToggleButtonGroup
        aria-label="Window"
        className="toggle-group"
        selectionMode="single"
        disallowEmptySelection
        selectedKeys={[String(days)]}
        onSelectionChange={(keys) => {
          const [key] = [...keys];
          if (key !== undefined) setDays(Number(key));
        }}
      >
        {windows.map((n) => (
          <ToggleButton key={n} id={String(n)} className="button secondary">
            Last {n} days
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      {report.isPending ? (
        <Loading what="denials" />
      ) : report.isError ? (
        <Alert kind="error">{report.error.message}</Alert>
      ) : (
        <Report report={report.data} />
      )}
    </>
  );
}

function remedyOf(code: string): string {
  return isFailureCode(code) ? describeFailure(code).adminRemedy : '';
}

function Report({ report }: { report: DenialsReport }) {
  const { from, to } = report.window;
  if (report.total === 0)
    return (
      <p role="status">
        No refusals from {from} to {to}.
      </p>
    );
  return (
    <>
      <p role="status">
        {report.total} refused {report.total === 1 ? 'attempt' : 'attempts'} from {from} to {to}.
      </p>
      <ByCode report={report} />
      <WhoCouldNot report={report} />
      <ByGroup report={report} />
    </>
  );
}

/** Refusals by code, each with the catalog's remedy, and per day. */
function ByCode({ report }: { report: DenialsReport }) {
  return (
    <section className="card" aria-labelledby="denials-by-code">
      <h2 id="denials-by-code">By code</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Refusals</th>
            <th scope="col">What to do</th>
          </tr>
        </thead>
        <tbody>
          {report.byCode.map((c) => (
            <tr key={c.code}>
              <th scope="row">
                <code>{c.code}</code>
              </th>
              <td>{c.count}</td>
              <td>{remedyOf(c.code)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <PerDayChart report={report} />
    </section>
  );
}

/** Who could not activate, each linked to the access check for that email. */
function WhoCouldNot({ report }: { report: DenialsReport }) {
  return (
    <section className="card" aria-labelledby="denials-who">
      <h2 id="denials-who">Who could not activate</h2>
      {report.sampled < report.total && (
        <p>
          From the latest {report.sampled} of the {report.total} refusals (and so is By group); narrow the
          window for the rest, or search the <Link to="/activation-log">activation log</Link>.
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Code</th>
            <th scope="col">Refusals</th>
            <th scope="col">Last</th>
            <th scope="col">Access check</th>
          </tr>
        </thead>
        <tbody>
          {report.users.map((u) => (
            <tr key={`${u.email ?? ''}/${u.code}`}>
              <th scope="row">{u.email ?? 'no email'}</th>
              <td>
                <code>{u.code}</code>
              </td>
              <td>{u.count}</td>
              <td>
                <When at={u.lastAt} />
              </td>
              <td>
                {u.email && (
                  <Link to={`/users?check=${encodeURIComponent(u.email)}`}>
                    Why can&apos;t {u.email} activate?
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Refusals by the refused user's groups. */
function ByGroup({ report }: { report: DenialsReport }) {
  return (
    <section className="card" aria-labelledby="denials-groups">
      <h2 id="denials-groups">By group</h2>
      <p>A refusal counts once in each group its user is in.</p>
      <table>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Refusals</th>
          </tr>
        </thead>
        <tbody>
          {report.byGroup.map((g) => (
            <tr key={g.groupId}>
              <th scope="row">{g.group}</th>
              <td>{g.count}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">In no group, or not a user here</th>
            <td>{report.inNoGroup}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

function daysOf({ from, to }: DenialsReport['window']): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000)
    days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

function PerDayChart({ report }: { report: DenialsReport }) {
  const codes = report.byCode.map((c) => c.code);
  const days = new Map<string, Map<string, number>>();
  for (const r of report.byDay) {
    const day = days.get(r.day) ?? new Map<string, number>();
    day.set(r.code, r.count);
    days.set(r.day, day);
  }
  // Every day of the window, a day without refusals at 0.
  const data = daysOf(report.window).map((day) =>
    Object.fromEntries([['day', day], ...codes.map((c) => [c, days.get(day)?.get(c) ?? 0] as const)]),
  );
  return (
    <ChartFigure
      title="Refusals per day by code"
      summary={`Most refusals: ${codes[0] ?? 'none'}.`}
      chart={
        <ResponsiveContainer width="100%" height={chartHeight}>
          <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, left: -16 }}>
            <CartesianGrid stroke="var(--gray-bg)" vertical={false} />
            <XAxis dataKey="day" tickFormatter={shortDay} {...axis} />
            <YAxis allowDecimals={false} {...axis} />
            {codes.map((code, i) => (
              <Bar
                key={code}
                dataKey={code}
                stackId="codes"
                maxBarSize={32}
                fill={seriesColours[i % seriesColours.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      }
      table={{
        columns: ['Day', ...codes],
        rows: data.map((row) => [String(row.day), ...codes.map((c) => Number(row[c] ?? 0))]),
      }}
    />
  );
}
