// Activations and refusals per day, refusals stacked by catalog code (the five
// most frequent in the window, the rest as "other"), with a link to the
// denials report that says who and why.
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { AttemptsPerDay } from '../../../../common/console-dashboard.ts';
import { ChartFigure, seriesColours } from '../../components/ChartFigure.tsx';
import { axis, chartHeight, shortDay } from './chart-style.ts';

const codesShown = 5;
const other = 'other';

function topCodes(days: AttemptsPerDay[]): string[] {
  const totals = new Map<string, number>();
  for (const d of days) for (const r of d.refusals) totals.set(r.code, (totals.get(r.code) ?? 0) + r.count);
  return [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([code]) => code);
}

export function ActivityCard({ attempts }: { attempts: AttemptsPerDay[] }) {
  const codes = topCodes(attempts);
  const shown = codes.slice(0, codesShown);
  const hasOther = codes.length > codesShown;
  // Rows keyed by fixed names (day, activations) and catalog codes: a Map turned into plain rows for the chart.
  const data = attempts.map((d) => {
    const row = new Map<string, string | number>([
      ['day', d.day],
      ['activations', d.activations],
    ]);
    for (const code of [...shown, ...(hasOther ? [other] : [])]) row.set(code, 0);
    for (const r of d.refusals) {
      const key = shown.includes(r.code) ? r.code : other;
      row.set(key, Number(row.get(key) ?? 0) + r.count);
    }
    return Object.fromEntries(row);
  });
  const activations = attempts.reduce((sum, d) => sum + d.activations, 0);
  const refusals = attempts.reduce((sum, d) => sum + d.refusals.reduce((s, r) => s + r.count, 0), 0);
  const stacked = [...shown, ...(hasOther ? [other] : [])];
  return (
    <section className="card dashboard-wide" aria-labelledby="dash-activity">
      <h2 id="dash-activity">Activations and refusals</h2>
      <ChartFigure
        title="Activations and refusals per day"
        summary={`${activations} activations and ${refusals} refusals in the last ${attempts.length} days${
          codes[0] ? `; most refusals: ${codes[0]}` : ''
        }.`}
        chart={
          <ResponsiveContainer width="100%" height={chartHeight + 40}>
            <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, left: -16 }}>
              <CartesianGrid stroke="var(--gray-bg)" vertical={false} />
              <XAxis dataKey="day" tickFormatter={shortDay} {...axis} />
              <YAxis allowDecimals={false} {...axis} />
              <Legend wrapperStyle={{ color: 'var(--text)', fontSize: 12 }} />
              <Bar dataKey="activations" name="Activations" fill="var(--green)" isAnimationActive={false} />
              {stacked.map((code, i) => (
                <Bar
                  key={code}
                  dataKey={code}
                  name={code === other ? 'Other refusals' : code}
                  stackId="refusals"
                  fill={seriesColours[(i + 1) % seriesColours.length]}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        }
        table={{
          columns: ['Day', 'Activations', ...stacked.map((c) => (c === other ? 'Other refusals' : c))],
          rows: data.map((row) => [
            String(row.day),
            ...['activations', ...stacked].map((k) => Number(row[k] ?? 0)),
          ]),
        }}
      />
      <p>
        <Link to="/denials">Denials: who could not activate, and why</Link>
      </p>
    </section>
  );
}
