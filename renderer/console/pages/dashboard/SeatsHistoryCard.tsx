// Seats used of seats bought, per license and sublicense, over the window:
// one small chart each (past days from the daily snapshots, today live).
import { Link } from 'react-router';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { SeatSeries } from '../../../../common/console-dashboard.ts';
import { ChartFigure } from '../../components/ChartFigure.tsx';
import { axis, chartHeight, shortDay } from './chart-style.ts';

const chartsShown = 6;

export function SeatsHistoryCard({ seats }: { seats: SeatSeries[] }) {
  const shown = seats.slice(0, chartsShown);
  return (
    <section className="card dashboard-wide" aria-labelledby="dash-seats">
      <h2 id="dash-seats">Seats over time</h2>
      {seats.length === 0 ? (
        <p>No license yet: seats show here once one is registered.</p>
      ) : (
        <div className="chart-grid">
          {shown.map((s) => (
            <SeatChart key={`${s.licenseId}/${s.sublicenseId ?? ''}`} series={s} />
          ))}
        </div>
      )}
      {seats.length > chartsShown && (
        <p>
          {seats.length - chartsShown} more licenses and sublicenses: see <Link to="/licenses">Licenses</Link>
          .
        </p>
      )}
    </section>
  );
}

function SeatChart({ series }: { series: SeatSeries }) {
  const today = series.points.at(-1);
  const first = series.points[0];
  const summary = today
    ? `Today ${today.used} of ${today.total} seats used${
        first && first !== today ? `; ${first.used} on ${first.day}` : ''
      }.`
    : 'No seats counted yet.';
  return (
    <ChartFigure
      title={series.label}
      summary={summary}
      chart={
        <ResponsiveContainer width="100%" height={chartHeight}>
          <LineChart data={series.points} accessibilityLayer={false} margin={{ top: 8, right: 8, left: -16 }}>
            <CartesianGrid stroke="var(--gray-bg)" />
            <XAxis dataKey="day" tickFormatter={shortDay} {...axis} />
            <YAxis allowDecimals={false} {...axis} />
            <Line
              type="stepAfter"
              dataKey="total"
              name="Seats"
              stroke="var(--muted)"
              strokeDasharray="4 4"
              dot={false}
              isAnimationActive={false}
            />
            <Line
              type="monotone"
              dataKey="used"
              name="Used"
              stroke="var(--chart-1)"
              strokeWidth={2}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      }
      table={{
        columns: ['Day', 'Seats used', 'Seats'],
        rows: series.points.map((p) => [p.day, p.used, p.total]),
      }}
    />
  );
}
