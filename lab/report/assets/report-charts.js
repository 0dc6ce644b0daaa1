/* global document, uPlot */
/*
 * Draws the timeline charts of report.html with uPlot (inlined before this script). Runs in the
 * browser, offline: the data comes from <script id="lab-chart-data"> (see html-chart-data.ts), one
 * entry per scenario. When done, <body data-charts> is "drawn" (or "failed"), which the PDF export and
 * the tests wait for.
 */
(function drawReportCharts() {
  const colors = {
    requests: '#1565c0',
    failed: '#c62828',
    p50: '#2e7d32',
    p95: '#ef6c00',
    p99: '#6a1b9a',
  };

  try {
    const charts = JSON.parse(document.getElementById('lab-chart-data').textContent);
    for (const figure of document.querySelectorAll('[data-chart]')) {
      const data = charts[Number(figure.dataset.scenario)];
      if (!data) continue;
      if (figure.dataset.chart === 'throughput') throughputChart(figure, data);
      else latencyChart(figure, data);
    }
    document.body.dataset.charts = 'drawn';
  } catch (error) {
    document.body.dataset.charts = 'failed';
    console.error('report charts could not be drawn:', error);
  }

  function throughputChart(figure, data) {
    const stepped = uPlot.paths.stepped({ align: 1 });
    const perBucket = `per ${data.bucketSeconds} s bucket`;
    return draw(figure, data, {
      yLabel: `requests ${perBucket}`,
      withLabels: true,
      series: [
        { label: 'requests', stroke: colors.requests, fill: 'rgba(21,101,192,0.12)', paths: stepped },
        { label: 'failed', stroke: colors.failed, fill: 'rgba(198,40,40,0.25)', paths: stepped },
      ],
      values: [data.requests, data.failed],
    });
  }

  function latencyChart(figure, data) {
    const ms = (u, v) => (v == null ? '—' : `${Math.round(v)} ms`);
    return draw(figure, data, {
      yLabel: 'latency (ms)',
      withLabels: false,
      series: [
        { label: 'p50', stroke: colors.p50, value: ms },
        { label: 'p95', stroke: colors.p95, value: ms },
        { label: 'p99', stroke: colors.p99, value: ms, width: 2 },
      ],
      values: [data.p50, data.p95, data.p99],
    });
  }

  function draw(figure, data, { yLabel, withLabels, series, values }) {
    const width = Math.max(320, Math.min(figure.clientWidth || 900, 1100));
    const options = {
      width,
      height: 220,
      scales: { x: { time: false } },
      axes: [
        { label: 'seconds since the load started', values: (u, ticks) => ticks.map((t) => `${t} s`) },
        { label: yLabel, size: 60 },
      ],
      series: [
        { label: 't', value: (u, v) => (v == null ? '—' : `${v.toFixed(1)} s`) },
        ...series.map((s) => ({ points: { show: false }, ...s })),
      ],
      plugins: [markersPlugin(figure, data.markers, withLabels)],
    };
    return new uPlot(options, [data.x, ...values], figure);
  }

  /** Vertical lines at faults (injected, detected, recovered, reverted) and the scenario's marks. */
  function markersPlugin(figure, markers, withLabels) {
    return {
      hooks: {
        draw: [
          (u) => {
            const { ctx, bbox } = u;
            const px = uPlot.pxRatio;
            let drawn = 0;
            ctx.save();
            ctx.font = `${Math.round(11 * px)}px system-ui, sans-serif`;
            markers.forEach((marker, i) => {
              const x = Math.round(u.valToPos(marker.atS, 'x', true));
              if (x < bbox.left || x > bbox.left + bbox.width) return;
              ctx.strokeStyle = marker.color;
              ctx.fillStyle = marker.color;
              ctx.lineWidth = 1.5 * px;
              ctx.setLineDash(marker.kind === 'mark' ? [4 * px, 4 * px] : []);
              ctx.beginPath();
              ctx.moveTo(x, bbox.top);
              ctx.lineTo(x, bbox.top + bbox.height);
              ctx.stroke();
              if (withLabels) ctx.fillText(marker.label, x + 3 * px, bbox.top + ((i % 4) + 1) * 13 * px);
              drawn += 1;
            });
            ctx.restore();
            figure.dataset.markersDrawn = String(drawn);
          },
        ],
      },
    };
  }
})();
