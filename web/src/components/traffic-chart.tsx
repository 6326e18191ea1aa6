import { Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import { formatRate } from '../format.js';
import { useI18n } from '../i18n/index.js';
import { rates, type TrafficSample } from '../live/reducer.js';

/** Inbound and outbound rate of one site over the samples seen since the page opened. */
export function TrafficChart({ samples, height = 200 }: { samples: TrafficSample[]; height?: number }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data = rates(samples);
  const enough = data[0].length >= 2;

  useEffect(() => {
    const el = box.current;
    if (!el || !enough) return;
    const opts: uPlot.Options = {
      width: el.clientWidth || 600,
      height,
      legend: { show: true },
      scales: { x: { time: true } },
      axes: [{ stroke: '#495057', grid: { stroke: '#e9ecef' } }, { stroke: '#495057', grid: { stroke: '#e9ecef' }, size: 80, values: (_u, vals) => vals.map((v) => formatRate(v)) }],
      series: [
        {},
        { label: t('site.bytesIn'), stroke: '#1971c2', width: 2, fill: 'rgba(25,113,194,0.08)', value: (_u, v) => (v === null ? '—' : formatRate(v)) },
        { label: t('site.bytesOut'), stroke: '#2f9e44', width: 2, value: (_u, v) => (v === null ? '—' : formatRate(v)) },
      ],
    };
    plot.current = new uPlot(opts, data as uPlot.AlignedData, el);
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: el.clientWidth, height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // the plot is rebuilt only when it appears or the language changes; data flows through setData below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enough, height, t]);

  useEffect(() => {
    if (plot.current && enough) plot.current.setData(data as uPlot.AlignedData);
  });

  if (!enough)
    return (
      <Text size="sm" c="dimmed" py="md" role="status">
        {t('site.chartWaiting')}
      </Text>
    );
  return <div ref={box} role="img" aria-label={t('site.trafficChart')} data-testid="traffic-chart" />;
}
