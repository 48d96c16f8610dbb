// Draws the dashboard's charts with ECharts (served from our own jar) from the figures each chart
// element carries in data-chart; the tables beside them hold the same figures for everyone else.
(function () {
  'use strict';
  if (typeof echarts === 'undefined') {
    return;
  }
  var palette = ['#0b4f8a', '#c2410c', '#15803d', '#7c3aed', '#b91c1c', '#0e7490', '#a16207', '#4d7c0f'];
  document.querySelectorAll('.chart[data-chart]').forEach(function (element) {
    var data = JSON.parse(element.getAttribute('data-chart'));
    var chart = echarts.init(element, null, { renderer: 'canvas' });
    var option;
    if (data.type === 'line') {
      option = {
        color: palette,
        tooltip: { trigger: 'axis' },
        legend: { type: 'scroll', bottom: 0 },
        grid: { left: 48, right: 16, top: 16, bottom: 56 },
        xAxis: { type: 'category', data: data.labels },
        yAxis: { type: 'value' },
        series: data.series.map(function (line) {
          return { name: line.name, type: 'line', data: line.values, connectNulls: false, symbolSize: 7 };
        })
      };
    } else {
      option = {
        color: palette,
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: data.labels, inverse: true, axisLabel: { width: 160, overflow: 'truncate' } },
        series: [{ type: 'bar', data: data.values, barMaxWidth: 24, label: { show: true, position: 'right' } }]
      };
    }
    chart.setOption(option);
    element.classList.add('drawn');
    window.addEventListener('resize', function () { chart.resize(); });
  });
}());
