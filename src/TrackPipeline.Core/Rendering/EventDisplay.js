// TrackPipeline event display: one track in 3D with plotly.js (scatter3d, WebGL). Written once per output as
// viewer/event-display.js; each track page holds its data in <script type="application/json" id="event-data">:
// layers of float32 positions (mm, x/y/z blocks) and float32 charges (electrons), base64-encoded.
(function () {
  'use strict';
  var errors = [];
  window.addEventListener('error', function (e) { errors.push(String(e.message)); document.body.setAttribute('data-errors', errors.length); });

  function floats(b64) {
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Float32Array(bytes.buffer);
  }
  function compact(v) {
    var a = Math.abs(v);
    if (a >= 1e6) return (v / 1e6).toPrecision(2) + 'M';
    if (a >= 1e3) return (v / 1e3).toPrecision(2) + 'k';
    return a >= 10 ? v.toFixed(0) : v.toPrecision(2);
  }

  var data = JSON.parse(document.getElementById('event-data').textContent);
  // One colour convention for every layer: log10 of the charge, one colour bar spanning all layers.
  var lo = Infinity, hi = 0;
  var layers = data.layers.map(function (l) {
    var xyz = floats(l.xyz), q = floats(l.q), n = q.length;
    var out = { name: l.name, x: xyz.subarray(0, n), y: xyz.subarray(n, 2 * n), z: xyz.subarray(2 * n, 3 * n), q: q,
                color: l.color, size: l.size, visible: l.visible, note: l.note };
    for (var i = 0; i < n; i++) { if (q[i] > 0 && q[i] < lo) lo = q[i]; if (q[i] > hi) hi = q[i]; }
    return out;
  });
  if (!(hi > 0)) { lo = 0.1; hi = 1; }
  lo = Math.max(lo, hi * 1e-4);
  if (lo > hi / 10) lo = hi / 10;
  var cmin = Math.log10(lo), cmax = Math.log10(hi);
  var ticks = [], labels = [];
  for (var k = Math.ceil(cmin); k <= Math.floor(cmax); k++) { ticks.push(k); labels.push(compact(Math.pow(10, k))); }

  var traces = [];
  layers.forEach(function (l, i) {
    var n = l.q.length, c = new Float32Array(n), txt = new Array(n);
    for (var j = 0; j < n; j++) { c[j] = Math.log10(Math.max(l.q[j], lo)); txt[j] = compact(l.q[j]); }
    // A layer with a fixed colour (the detached clusters, teal as in the pictures) is not on the colour bar.
    var colors = l.color || c;
    traces.push({
      type: 'scatter3d', mode: 'markers', name: l.name + (l.note ? ' ' + l.note : ''),
      x: l.x, y: l.y, z: l.z, text: txt, visible: l.visible ? true : 'legendonly',
      marker: { size: l.size, color: colors, colorscale: data.colorscale, cmin: cmin, cmax: cmax, opacity: 0.9,
                showscale: i === 0, line: { width: 0 },
                colorbar: i === 0 ? { title: { text: 'charge (e-), log scale', side: 'right' }, tickvals: ticks, ticktext: labels, len: 0.7 } : undefined },
      hovertemplate: 'x %{x:.3f} mm<br>y %{y:.3f} mm<br>z %{z:.3f} mm<br>charge %{text} e-<extra>' + l.name + '</extra>'
    });
  });
  // A point with straight segments from it (the stages' findings; the truth's initial direction): the point's trace
  // carries the legend entry, its segments share its legend group so one click shows or hides both.
  function pointAndLines(r, label, hoverLabel) {
    var shown = r.visible ? true : 'legendonly';
    traces.push({
      type: 'scatter3d', mode: 'markers', name: label, legendgroup: label, visible: shown,
      x: [r.point[0]], y: [r.point[1]], z: [r.point[2]],
      marker: { size: 6, symbol: r.symbol, color: r.color, line: { color: r.color, width: 2 } },
      hovertemplate: hoverLabel + '<br>x %{x:.3f} mm<br>y %{y:.3f} mm<br>z %{z:.3f} mm<extra></extra>'
    });
    if (r.lines.x.length > 0) traces.push({
      type: 'scatter3d', mode: 'lines', name: label, legendgroup: label, showlegend: false, visible: shown, connectgaps: false,
      x: r.lines.x, y: r.lines.y, z: r.lines.z, line: { color: r.color, width: 5, dash: r.dash },
      hovertemplate: hoverLabel + '<br>x %{x:.3f} mm<br>y %{y:.3f} mm<br>z %{z:.3f} mm<extra></extra>'
    });
  }
  (data.reco || []).forEach(function (r) { pointAndLines(r, r.name, r.name); });
  (data.truth || []).forEach(function (t) {
    if (t.lines) { pointAndLines(t, 'truth: ' + t.name, 'truth ' + t.name); return; }
    var p = floats(t.xyz), n = p.length / 3;
    traces.push({
      type: 'scatter3d', mode: 'markers', name: 'truth: ' + t.name + ' (' + n + ')', visible: 'legendonly',
      x: p.subarray(0, n), y: p.subarray(n, 2 * n), z: p.subarray(2 * n, 3 * n),
      marker: { size: 5, symbol: t.symbol, color: t.color, line: { color: t.color, width: 2 } },
      hovertemplate: 'truth ' + t.name + '<br>x %{x:.3f} mm<br>y %{y:.3f} mm<br>z %{z:.3f} mm<extra></extra>'
    });
  });

  function axis(name, range) { return { title: { text: name + ' (mm)' }, range: range, backgroundcolor: '#f0f0f0', showbackground: true }; }
  function ranges(box) { return { 'scene.xaxis.range': [box[0], box[1]], 'scene.yaxis.range': [box[2], box[3]], 'scene.zaxis.range': [box[4], box[5]] }; }
  var f = data.frame, w = data.whole;
  // The camera of the pictures (elevation, azimuth in degrees; the eye at plotly's default distance, 1.25 x sqrt 3):
  // a V seen face-on as in the picture beside the page, not plotly's fixed diagonal.
  var el = data.view[0] * Math.PI / 180, az = data.view[1] * Math.PI / 180, eyeR = 1.25 * Math.sqrt(3);
  var eye = { x: eyeR * Math.cos(el) * Math.cos(az), y: eyeR * Math.cos(el) * Math.sin(az), z: eyeR * Math.sin(el) };
  var layout = {
    margin: { l: 0, r: 0, t: 30, b: 0 }, paper_bgcolor: '#fff', showlegend: true,
    // The legend in rows under the scene, not over it (breaker8 F6: at x 0, y 1 it covered the scene's left part and an
    // arm's end at 1400x1000); plotly grows the bottom margin to hold it.
    legend: { title: { text: 'layers (click to toggle)' }, orientation: 'h', x: 0, xanchor: 'left', y: -0.02, yanchor: 'top' },
    scene: { aspectmode: 'cube', xaxis: axis('x', [f[0], f[1]]), yaxis: axis('y', [f[2], f[3]]), zaxis: axis('z', [f[4], f[5]]),
             camera: { eye: eye, up: { x: 0, y: 0, z: 1 }, center: { x: 0, y: 0, z: 0 }, projection: { type: 'orthographic' } } },
    updatemenus: [{ type: 'buttons', direction: 'right', x: 0.5, xanchor: 'center', y: 1.06, showactive: true,
      buttons: [{ label: 'frame: ' + data.frameLabel, method: 'relayout', args: [ranges(f)] },
                { label: 'whole event', method: 'relayout', args: [ranges(w)] }] }]
  };
  var plot = document.getElementById('plot');
  Plotly.newPlot(plot, traces, layout, { responsive: true, displaylogo: false }).then(function () {
    document.body.setAttribute('data-ready', '1');
    document.body.setAttribute('data-errors', errors.length);
  });
})();
