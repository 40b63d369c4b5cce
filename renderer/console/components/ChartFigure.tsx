// A chart with the table behind it (issue 23 item 5: "readable by keyboard and
// screen reader"): the drawing is decoration (aria-hidden, nothing focusable
// in it); the same numbers are a real table, visually hidden until "Show as
// table" is pressed, so a screen reader reads it and a keyboard user opens it.
import { useId, useState, type ReactNode } from 'react';
import { Button } from './bits.tsx';

export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

export function ChartFigure({
  title,
  summary,
  chart,
  table,
}: {
  title: string;
  /** One sentence a reader takes away without the chart. */
  summary: string;
  chart: ReactNode;
  table: ChartTable;
}) {
  const [shown, setShown] = useState(false);
  const tableId = useId();
  return (
    <figure className="chart-figure">
      <figcaption>
        <span className="chart-title">{title}</span>
        <span className="chart-summary">{summary}</span>
      </figcaption>
      <div className="chart-drawing" aria-hidden="true">
        {chart}
      </div>
      <Button aria-expanded={shown} aria-controls={tableId} onPress={() => setShown(!shown)}>
        {shown ? 'Hide table' : 'Show as table'}
      </Button>
      <div id={tableId} className={shown ? 'chart-table' : 'visually-hidden'}>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) =>
                  j === 0 ? (
                    <th key={j} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={j}>{cell}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/** The chart series' colours: the console's CSS variables, light and dark (console.css). */
export const seriesColours = [1, 2, 3, 4, 5, 6].map((n) => `var(--chart-${n})`);
