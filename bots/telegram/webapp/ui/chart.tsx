import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Words } from './words.ts';

// Drops per day for the next seven days under the current filters: uPlot bars, with the counts
// also as a list for screen readers.

export function DaysChart(props: { days: Array<{ date: string; count: number }>; w: Words }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current!;
    const x = props.days.map((_, i) => i);
    const y = props.days.map((d) => d.count);
    const css = getComputedStyle(document.documentElement);
    const colour = css.getPropertyValue('--tg-theme-button-color').trim() || '#2481cc';
    const text = css.getPropertyValue('--tg-theme-hint-color').trim() || '#999';
    const plot = new uPlot(
      {
        width: el.clientWidth || 320,
        height: 140,
        legend: { show: false },
        cursor: { show: false },
        scales: {
          x: { time: false, range: [-0.5, x.length - 0.5] },
          y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
        },
        axes: [
          {
            stroke: text,
            values: (_u, ticks) => ticks.map((t) => props.days[t]?.date.slice(5) ?? ''),
            splits: () => x,
            grid: { show: false },
          },
          { stroke: text, size: 40, grid: { stroke: 'rgba(128,128,128,0.2)' } },
        ],
        series: [
          {},
          {
            fill: colour,
            stroke: colour,
            paths: uPlot.paths.bars!({ size: [0.6, 40] }),
            points: { show: false },
          },
        ],
      },
      [x, y],
      el,
    );
    const resize = () => plot.setSize({ width: el.clientWidth || 320, height: 140 });
    addEventListener('resize', resize);
    return () => {
      removeEventListener('resize', resize);
      plot.destroy();
    };
  }, [props.days]);
  return (
    <figure class="chart">
      <figcaption>{props.w('chart-title')}</figcaption>
      <div ref={box} class="plot" aria-hidden="true" />
      <ul class="sr-only">
        {props.days.map((d) => (
          <li key={d.date}>{props.w('chart-day', { date: d.date, count: d.count })}</li>
        ))}
      </ul>
    </figure>
  );
}
