import type { DayReport } from '../../../electron/contract/calls-report.ts';

/** Hand-rolled SVG charts: small, printable, and named for screen readers. Heights are geometry, not money. */

export function HourlyChart({ hourly, title }: { hourly: DayReport['hourly']; title: string }) {
  const W = 480;
  const H = 160;
  const max = Math.max(1, ...hourly.map((h) => h.count));
  const bw = W / 24;
  const busiest = hourly.reduce((a, b) => (b.count > a.count ? b : a), hourly[0]!);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H + 20}`} role="img" aria-label={`${title}：高峰 ${busiest.hour} 点，${busiest.count} 张`} data-chart="hourly">
        {hourly.map((h) => {
          const bh = (h.count / max) * H;
          return (
            <g key={h.hour}>
              <rect x={h.hour * bw + 2} y={H - bh} width={bw - 4} height={bh} className="bar">
                <title>{`${h.hour}:00 ${h.count} 张 ¥${h.total}`}</title>
              </rect>
              {h.hour % 3 === 0 && (
                <text x={h.hour * bw + bw / 2} y={H + 15} textAnchor="middle" className="axis">
                  {h.hour}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

const COLORS = ['#b3261e', '#e8710a', '#f9ab00', '#1e8e3e', '#1a73e8', '#9334e6', '#80868b'];

export function ShareChart({ products, title }: { products: DayReport['products']; title: string }) {
  const R = 70;
  let angle = -Math.PI / 2;
  const arcs = products.map((p, i) => {
    const a0 = angle;
    const sweep = Math.min(p.share, 0.9999) * 2 * Math.PI;
    angle += sweep;
    const [x0, y0, x1, y1] = [Math.cos(a0) * R, Math.sin(a0) * R, Math.cos(angle) * R, Math.sin(angle) * R];
    const large = sweep > Math.PI ? 1 : 0;
    return { p, color: COLORS[i % COLORS.length]!, d: `M0 0 L${x0} ${y0} A${R} ${R} 0 ${large} 1 ${x1} ${y1} Z` };
  });
  return (
    <figure className="chart share">
      <figcaption>{title}</figcaption>
      <svg viewBox="-80 -80 160 160" width="160" height="160" role="img" aria-label={`${title}：${products.map((p) => `${p.name} ${Math.round(p.share * 100)}%`).join('，')}`} data-chart="share">
        {arcs.map((a) => (
          <path key={a.p.name} d={a.d} fill={a.color}>
            <title>{`${a.p.name} ¥${a.p.total}`}</title>
          </path>
        ))}
        <circle r={34} fill="#fff" />
      </svg>
      <ul className="legend">
        {arcs.map((a) => (
          <li key={a.p.name}>
            <span className="swatch" style={{ background: a.color }} /> {a.p.name} ¥{a.p.total} ({Math.round(a.p.share * 100)}%)
          </li>
        ))}
      </ul>
    </figure>
  );
}
