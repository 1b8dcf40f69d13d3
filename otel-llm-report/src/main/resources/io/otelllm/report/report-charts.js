// The data: a JSON block the page never interprets as markup or code.
var DATA = JSON.parse(document.getElementById('report-data').textContent);
function draw(id, option, points) {
  var el = document.getElementById(id);
  var chart = echarts.init(el, null, { renderer: 'canvas' });
  option.animation = false;
  option.tooltip = option.tooltip || { trigger: 'axis' };
  if (!points) {
    option = { title: { text: 'no data', left: 'center', top: 'middle', textStyle: { color: '#999' } } };
  }
  chart.setOption(option);
  el.dataset.rendered = 'true';
  el.dataset.points = String(points);
  return chart;
}
function count(series) {
  return series.reduce(function (n, s) { return n + s.data.filter(function (v) { return Array.isArray(v) || v > 0; }).length; }, 0);
}
function bars(categories, seriesMap, stack) {
  var series = Object.keys(seriesMap).map(function (name) {
    return { name: name, type: 'bar', stack: stack, data: seriesMap[name] };
  });
  return { series: series, option: {
    legend: { type: 'scroll', bottom: 0 }, grid: { left: 50, right: 20, top: 20, bottom: 70 },
    xAxis: { type: 'category', data: categories, axisLabel: { rotate: 30, fontSize: 10 } },
    yAxis: { type: 'value' }, series: series } };
}
try {
  var lat = bars(DATA.latency.bins, DATA.latency.series);
  draw('chart-latency', lat.option, count(lat.series));
  var ttft = bars(DATA.ttft.bins, DATA.ttft.series);
  draw('chart-ttft', ttft.option, count(ttft.series));
  var agents = bars(DATA.tokensPerAgent.names, { input: DATA.tokensPerAgent.input, output: DATA.tokensPerAgent.output }, 'tokens');
  draw('chart-tokens-agent', agents.option, count(agents.series));
  var labels = bars(DATA.tokensPerLabel.names, { input: DATA.tokensPerLabel.input, output: DATA.tokensPerLabel.output }, 'tokens');
  draw('chart-tokens-label', labels.option, count(labels.series));
  var errs = bars(DATA.errors.buckets, DATA.errors.series, 'calls');
  errs.series.forEach(function (s) { if (s.name === 'ok') { s.itemStyle = { color: '#b6e3c0' }; } });
  var errorPoints = count(errs.series.filter(function (s) { return s.name !== 'ok'; }));
  draw('chart-errors', errs.option, errorPoints);
  var cold = { grid: { left: 60, right: 20, top: 36, bottom: 40 }, tooltip: { trigger: 'item' },
    xAxis: DATA.range.length === 2 ? { type: 'time', min: DATA.range[0], max: DATA.range[1] } : { type: 'time' },
    yAxis: { type: 'value', name: 'load ms' },
    series: [{ type: 'scatter', symbolSize: 10, data: DATA.coldStarts }] };
  var coldChart = draw('chart-cold', cold, DATA.coldStarts.length);
  if (DATA.coldStarts.length) {
    // What the time axis spans, for the test that keeps it to the run's span.
    var extent = coldChart.getModel().getComponent('xAxis', 0).axis.scale.getExtent();
    document.getElementById('chart-cold').dataset.xSpanMs = String(extent[1] - extent[0]);
  }
} catch (e) {
  reportError(e && e.stack ? e.stack : e);
}
