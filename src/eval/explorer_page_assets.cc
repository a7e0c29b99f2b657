// The explorer page's style sheet and script (see explorer_page.h), kept as
// raw strings so that the page is one file with nothing to fetch. The script
// reads the JSON block #explorer-meta and the base64 blocks
// #explorer-map-I / #explorer-vectors-I, and puts every word into the page
// with textContent, never as markup.
#include "eval/explorer_page.h"

namespace embkit {

const char* const kExplorerStyle = R"CSS(
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #222; background: #fafafa; }
header { display: flex; align-items: baseline; gap: 1em; padding: 6px 12px; border-bottom: 1px solid #ddd; }
h1 { font-size: 17px; margin: 0; font-weight: 600; }
#status { color: #666; font-size: 12px; }
main { display: flex; gap: 12px; padding: 8px 12px; height: calc(100vh - 44px); }
#map-panel { flex: 1; display: flex; flex-direction: column; min-width: 0; }
#map-controls { display: flex; gap: 8px; align-items: center; margin-bottom: 4px; font-size: 13px; }
#axes-note { color: #666; flex: 1; }
#map-box { position: relative; flex: 1; min-height: 240px; background: #fff; border: 1px solid #ddd; }
#map { position: absolute; inset: 0; width: 100%; height: 100%; cursor: grab; }
#map.dragging { cursor: grabbing; }
#tooltip { position: absolute; pointer-events: none; background: rgba(30,30,30,.85); color: #fff;
           padding: 2px 6px; border-radius: 3px; font-size: 12px; white-space: pre; }
#legend { display: flex; flex-wrap: wrap; gap: 4px 12px; padding: 6px 0; font-size: 12px; max-height: 84px; overflow: auto; }
#legend span.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; }
aside { width: 420px; overflow: auto; }
form { margin: 6px 0; }
input { font: inherit; padding: 2px 4px; }
#analogy-form input { width: 86px; }
#neighbours, #analogy { display: flex; gap: 10px; flex-wrap: wrap; }
.method-list { flex: 1; min-width: 150px; }
.method-list h3 { font-size: 12px; margin: 4px 0; color: #555; word-break: break-all; }
.method-list ol { margin: 0; padding-left: 2.2em; }
.method-list li { cursor: pointer; }
.method-list li:hover .word { text-decoration: underline; }
.method-list li.shared .word { font-weight: 600; }
.score { color: #777; margin-left: .6em; font-variant-numeric: tabular-nums; }
.missing, #query-note, #analogy-note { color: #a33; font-size: 13px; }
#overlap { font-size: 13px; white-space: pre-line; }
)CSS";

const char* const kExplorerScript = R"JS(
(function () {
  'use strict';
  var started = performance.now();
  var meta = JSON.parse(document.getElementById('explorer-meta').textContent);
  var words = meta.words, n = words.length, k = meta.k;
  var $ = function (id) { return document.getElementById(id); };

  // The block's bytes; the block itself is then removed, so that the page
  // does not keep the base64 text (4/3 of the data) alive beside the arrays.
  function bytes(id) {
    var block = $(id), text = atob(block.textContent.trim());
    block.parentNode.removeChild(block);
    var out = new Uint8Array(text.length);
    for (var i = 0; i < text.length; ++i) out[i] = text.charCodeAt(i);
    return out.buffer;
  }
  // IEEE binary16 -> float32, one table for all 65536 codes.
  var halfTable = null;
  function fromHalf(buffer) {
    if (!halfTable) {
      halfTable = new Float32Array(65536);
      for (var h = 0; h < 65536; ++h) {
        var sign = h & 0x8000 ? -1 : 1, e = (h >> 10) & 31, f = h & 1023;
        halfTable[h] = e === 0 ? sign * f * Math.pow(2, -24)
                     : e === 31 ? (f ? NaN : sign * Infinity)
                     : sign * (1 + f / 1024) * Math.pow(2, e - 15);
      }
    }
    var codes = new Uint16Array(buffer), out = new Float32Array(codes.length);
    for (var i = 0; i < codes.length; ++i) out[i] = halfTable[codes[i]];
    return out;
  }

  var methods = meta.methods.map(function (m, mi) {
    var vec = meta.half ? fromHalf(bytes('explorer-vectors-' + mi)) : new Float32Array(bytes('explorer-vectors-' + mi));
    // A word missing from this file has an all-zero row.
    var present = new Uint8Array(n), dim = m.dim;
    for (var i = 0; i < n; ++i)
      for (var j = 0, o = i * dim; j < dim; ++j) if (vec[o + j] !== 0) { present[i] = 1; break; }
    return { name: m.name, dim: dim, legend: m.legend, colour: m.colour, explained: m.explained,
             xyz: new Float32Array(bytes('explorer-map-' + mi)), vec: vec, present: present };
  });
  var index = new Map(), folded = new Map();
  for (var i = 0; i < n; ++i) {
    if (!index.has(words[i])) index.set(words[i], i);
    var lower = words[i].toLowerCase();
    if (!folded.has(lower)) folded.set(lower, i);  // the most frequent case variant
  }
  // The exact word, else its most frequent case variant.
  function find(word) {
    if (index.has(word)) return index.get(word);
    var lower = word.toLowerCase();
    return folded.has(lower) ? folded.get(lower) : -1;
  }

  // ---- exact cosine k-NN over the unit rows: one dot product per word ----
  // Ties go to the more frequent word, as in embkit's exact index.
  function nearest(m, query, exclude, count) {
    var dim = m.dim, qn = 0;
    for (var j = 0; j < dim; ++j) qn += query[j] * query[j];
    qn = Math.sqrt(qn) || 1;
    var ids = [], scores = [], vec = m.vec;
    for (var i = 0; i < n; ++i) {
      if (!m.present[i] || exclude.indexOf(i) >= 0) continue;
      var s = 0, o = i * dim;
      for (var j2 = 0; j2 < dim; ++j2) s += vec[o + j2] * query[j2];
      s /= qn;
      if (ids.length === count && s <= scores[count - 1]) continue;
      var p = ids.length === count ? count - 1 : ids.length;
      while (p > 0 && scores[p - 1] < s) { scores[p] = scores[p - 1]; ids[p] = ids[p - 1]; --p; }
      scores[p] = s; ids[p] = i;
    }
    return ids.map(function (id, r) { return { id: id, score: scores[r] }; });
  }
  function row(m, i) { return m.vec.subarray(i * m.dim, (i + 1) * m.dim); }

  // ---- the map: canvas, view transforms, axes with ticks, labels ----
  // Both views project every word to screen pixels (screenX/screenY) before
  // drawing; points, labels, the highlight and picking use those.
  var canvas = $('map'), ctx = canvas.getContext('2d'), tooltip = $('tooltip');
  var shown = 0;            // the method whose map is drawn
  var mode3d = meta.view === '3d';
  var view = null;          // 2-D: data-space centre and pixels per unit
  var view3 = null;         // 3-D: data-space centre, radius, rotation, pixels per unit, pan in pixels
  var viewMoved = false;    // zoomed, panned or turned since the last fit
  var highlight = [];       // the query word first, then its neighbours
  var margin = { left: 52, right: 10, top: 10, bottom: 30 };
  var width = 0, height = 0;
  var screenX = new Float32Array(n), screenY = new Float32Array(n), depth = new Float32Array(n);
  var palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
                 '#bcbd22', '#17becf', '#aec7e8', '#ffbb78', '#98df8a', '#ff9896', '#c5b0d5', '#c49c94',
                 '#f7b6d2', '#c7c7c7', '#dbdb8d', '#9edae5'];
  function colour(c) {
    // Past the 20 Tableau colours, hues a golden angle apart stay distinct.
    return c < palette.length ? palette[c] : 'hsl(' + ((c * 137.508) % 360).toFixed(1) + ',60%,45%)';
  }
  var labelWidth = new Float32Array(n);  // measured once per word
  function plotWidth() { return width - margin.left - margin.right; }
  function plotHeight() { return height - margin.top - margin.bottom; }
  // The 3-D view looks at the words from the front (PC1 across, PC2 up, PC3
  // towards the viewer) turned by this much, so that depth shows at once.
  var defaultYaw = -0.6, defaultPitch = 0.35;
  function fitView(keepRotation) {
    viewMoved = false;
    var xyz = methods[shown].xyz, lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
    for (var i = 0; i < n; ++i)
      for (var a = 0; a < 3; ++a) {
        var v = xyz[3 * i + a];
        if (v < lo[a]) lo[a] = v; if (v > hi[a]) hi[a] = v;
      }
    var w = Math.max(hi[0] - lo[0], 1e-9), h = Math.max(hi[1] - lo[1], 1e-9);
    view = { cx: (lo[0] + hi[0]) / 2, cy: (lo[1] + hi[1]) / 2, scale: 0.92 * Math.min(plotWidth() / w, plotHeight() / h) };
    // 3-D: turn about the centre of the box, then scale and pan so that the
    // words as this rotation shows them fill the plot (projected offsets
    // grow linearly with the scale: perspective does not depend on it).
    var c = [(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2], r2 = 0;
    for (var j = 0; j < n; ++j) {
      var dx = xyz[3 * j] - c[0], dy = xyz[3 * j + 1] - c[1], dz = xyz[3 * j + 2] - c[2];
      r2 = Math.max(r2, dx * dx + dy * dy + dz * dz);
    }
    view3 = { c: c, lo: lo, hi: hi, radius: Math.max(Math.sqrt(r2), 1e-9), scale: 1, panX: 0, panY: 0,
              yaw: keepRotation && view3 ? view3.yaw : defaultYaw,
              pitch: keepRotation && view3 ? view3.pitch : defaultPitch };
    var ox = margin.left + plotWidth() / 2, oy = margin.top + plotHeight() / 2;
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (var k = 0; k < n; ++k) {
      var p = project3(xyz[3 * k], xyz[3 * k + 1], xyz[3 * k + 2]);
      x0 = Math.min(x0, p[0] - ox); x1 = Math.max(x1, p[0] - ox);
      y0 = Math.min(y0, p[1] - oy); y1 = Math.max(y1, p[1] - oy);
    }
    view3.scale = 0.92 * Math.min(plotWidth() / Math.max(x1 - x0, 1e-9), plotHeight() / Math.max(y1 - y0, 1e-9));
    view3.panX = -view3.scale * (x0 + x1) / 2;
    view3.panY = -view3.scale * (y0 + y1) / 2;
  }
  function sx(x) { return margin.left + plotWidth() / 2 + (x - view.cx) * view.scale; }
  function sy(y) { return margin.top + plotHeight() / 2 - (y - view.cy) * view.scale; }
  function dataX(px) { return view.cx + (px - margin.left - plotWidth() / 2) / view.scale; }
  function dataY(py) { return view.cy - (py - margin.top - plotHeight() / 2) / view.scale; }
  // 3-D: turn by yaw about the vertical axis, then by pitch about the
  // horizontal one; perspective with the eye at distance D = 4·radius from
  // the centre (a point at depth z, towards the eye, is enlarged by
  // D / (D − z); every word is within one radius). Returns [x, y, depth in −1…1].
  function project3(x, y, z) {
    var v = view3, cyaw = Math.cos(v.yaw), syaw = Math.sin(v.yaw), cp = Math.cos(v.pitch), sp = Math.sin(v.pitch);
    x -= v.c[0]; y -= v.c[1]; z -= v.c[2];
    var x1 = cyaw * x + syaw * z, z1 = -syaw * x + cyaw * z;
    var y2 = cp * y - sp * z1, z2 = sp * y + cp * z1;
    var d = 4 * v.radius, f = d / (d - z2);
    return [margin.left + plotWidth() / 2 + v.panX + v.scale * f * x1,
            margin.top + plotHeight() / 2 + v.panY - v.scale * f * y2, z2 / v.radius];
  }
  function project() {
    var xyz = methods[shown].xyz;
    for (var i = 0; i < n; ++i) {
      if (mode3d) {
        var p = project3(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
        screenX[i] = p[0]; screenY[i] = p[1]; depth[i] = p[2];
      } else {
        screenX[i] = sx(xyz[3 * i]); screenY[i] = sy(xyz[3 * i + 1]); depth[i] = 0;
      }
    }
  }
  function inside(i) {
    return screenX[i] >= margin.left && screenX[i] <= width - margin.right &&
           screenY[i] >= margin.top && screenY[i] <= height - margin.bottom;
  }
  // Ticks at 1, 2 or 5 × 10^e, about `count` of them across [lo, hi].
  function ticks(lo, hi, count) {
    var raw = (hi - lo) / count, e = Math.pow(10, Math.floor(Math.log10(raw))), step = e;
    if (raw / e >= 5) step = 5 * e; else if (raw / e >= 2) step = 2 * e;
    var out = [];
    for (var t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Math.abs(t) < step * 1e-9 ? 0 : t);
    return { values: out, digits: Math.max(0, -Math.floor(Math.log10(step) + 1e-9)) };
  }
  function resize() {
    var box = canvas.parentNode.getBoundingClientRect(), ratio = window.devicePixelRatio || 1;
    width = Math.max(box.width, 100); height = Math.max(box.height, 100);
    canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    // A view the reader has not zoomed, panned or turned yet is fitted again
    // (the first layout may not be the final one).
    if (!view || !viewMoved) fitView(true);
    draw();
  }
  function drawAxes2d(left, right, top, bottom) {
    var tx = ticks(dataX(left), dataX(right), Math.max(2, Math.floor((right - left) / 90)));
    var ty = ticks(dataY(bottom), dataY(top), Math.max(2, Math.floor((bottom - top) / 60)));
    ctx.strokeStyle = '#eee'; ctx.fillStyle = '#555'; ctx.lineWidth = 1;
    ctx.textAlign = 'center'; ctx.textBaseline = 'top';
    tx.values.forEach(function (t) {
      var p = Math.round(sx(t)) + 0.5;
      ctx.beginPath(); ctx.moveTo(p, top); ctx.lineTo(p, bottom); ctx.stroke();
      ctx.fillText(t.toFixed(tx.digits), p, bottom + 6);
    });
    ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
    ty.values.forEach(function (t) {
      var p = Math.round(sy(t)) + 0.5;
      ctx.beginPath(); ctx.moveTo(left, p); ctx.lineTo(right, p); ctx.stroke();
      ctx.fillText(t.toFixed(ty.digits), left - 6, p);
    });
    ctx.strokeStyle = '#999';
    ctx.beginPath(); ctx.moveTo(left + 0.5, top); ctx.lineTo(left + 0.5, bottom + 0.5); ctx.lineTo(right, bottom + 0.5); ctx.stroke();
  }
  // 3-D: the three principal axes through the centre, across the words'
  // extent on each, named at their positive ends.
  function drawAxes3d() {
    var c = view3.c;
    ctx.lineWidth = 1; ctx.font = '11px system-ui, sans-serif'; ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
    for (var a = 0; a < 3; ++a) {
      var lo = c.slice(), hi = c.slice();
      lo[a] = view3.lo[a]; hi[a] = view3.hi[a];
      var p0 = project3(lo[0], lo[1], lo[2]), p1 = project3(hi[0], hi[1], hi[2]);
      ctx.strokeStyle = '#bbb';
      ctx.beginPath(); ctx.moveTo(p0[0], p0[1]); ctx.lineTo(p1[0], p1[1]); ctx.stroke();
      ctx.fillStyle = '#777';
      ctx.fillText('PC' + (a + 1), p1[0] + 4, p1[1]);
    }
  }
  function draw() {
    var m = methods[shown];
    project();
    ctx.clearRect(0, 0, width, height);
    ctx.font = '11px system-ui, sans-serif';
    var left = margin.left, right = width - margin.right, top = margin.top, bottom = height - margin.bottom;
    if (!mode3d) drawAxes2d(left, right, top, bottom);
    ctx.save();
    ctx.beginPath(); ctx.rect(left, top, right - left, bottom - top); ctx.clip();
    if (mode3d) drawAxes3d();
    // Points, one colour at a time; in 3-D from the farthest depth layer to
    // the nearest, nearer points larger and more opaque.
    var layers = mode3d ? 8 : 1, byColour = [], rendered = 0;
    for (var l = 0; l < layers; ++l) byColour.push({});
    for (var i = 0; i < n; ++i) {
      if (!inside(i)) continue;
      ++rendered;
      var layer = mode3d ? Math.min(layers - 1, Math.floor((depth[i] + 1) / 2 * layers)) : 0;
      (byColour[layer][m.colour[i]] = byColour[layer][m.colour[i]] || []).push(screenX[i], screenY[i]);
    }
    var base = n > 5000 ? 2 : 3, fade = highlight.length ? 0.45 : 1;
    byColour.forEach(function (groups, l) {
      var near = layers > 1 ? l / (layers - 1) : 0.75;
      var size = mode3d ? base * (0.7 + 0.8 * near) : base;
      Object.keys(groups).forEach(function (c) {
        ctx.fillStyle = colour(+c);
        ctx.globalAlpha = mode3d ? fade * (0.35 + 0.6 * near) : highlight.length ? 0.35 : 0.8;
        var pts = groups[c];
        for (var p = 0; p < pts.length; p += 2) ctx.fillRect(pts[p] - size / 2, pts[p + 1] - size / 2, size, size);
      });
    });
    ctx.globalAlpha = 1;
    // Labels: highlighted words first, then by frequency, each only where it
    // overlaps no label already placed (a coarse grid of placed boxes).
    var cell = 40, grid = new Map(), placed = 0, tried = 0;
    function fits(x0, y0, x1, y1) {
      for (var gx = Math.floor(x0 / cell); gx <= Math.floor(x1 / cell); ++gx)
        for (var gy = Math.floor(y0 / cell); gy <= Math.floor(y1 / cell); ++gy) {
          var boxes = grid.get(gx * 100003 + gy);
          if (boxes) for (var b = 0; b < boxes.length; b += 4)
            if (x0 < boxes[b + 2] && x1 > boxes[b] && y0 < boxes[b + 3] && y1 > boxes[b + 1]) return false;
        }
      return true;
    }
    function occupy(x0, y0, x1, y1) {
      for (var gx = Math.floor(x0 / cell); gx <= Math.floor(x1 / cell); ++gx)
        for (var gy = Math.floor(y0 / cell); gy <= Math.floor(y1 / cell); ++gy) {
          var key = gx * 100003 + gy;
          if (!grid.has(key)) grid.set(key, []);
          grid.get(key).push(x0, y0, x1, y1);
        }
    }
    function label(i, force) {
      if (!inside(i)) return;
      var px = screenX[i], py = screenY[i];
      if (!labelWidth[i]) labelWidth[i] = ctx.measureText(words[i]).width + 1;
      // Right of the point, else left, above or below; a highlighted word
      // that fits nowhere is drawn on the right all the same.
      var w = labelWidth[i], spots = [[px + 4, py], [px - 4 - w, py], [px - w / 2, py - 12], [px - w / 2, py + 12]];
      for (var s = 0; s < spots.length; ++s) {
        var x0 = spots[s][0], y = spots[s][1];
        if (fits(x0, y - 7, x0 + w, y + 7)) break;
      }
      if (s === spots.length) {
        if (!force) return;
        x0 = spots[0][0]; y = spots[0][1];
      }
      occupy(x0, y - 7, x0 + w, y + 7);
      ctx.fillText(words[i], x0, y);
      ++placed;
    }
    ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
    highlight.forEach(function (i, r) {
      ctx.beginPath(); ctx.arc(screenX[i], screenY[i], r ? 4 : 6, 0, 2 * Math.PI);
      ctx.fillStyle = r ? '#333' : '#d00'; ctx.fill();
    });
    ctx.font = 'bold 12px system-ui, sans-serif'; ctx.fillStyle = '#000';
    highlight.forEach(function (i) { label(i, true); });
    ctx.font = '11px system-ui, sans-serif'; ctx.fillStyle = '#333';
    var budget = Math.max(30, Math.floor((right - left) * (bottom - top) / 2500));
    for (var w = 0; w < n && placed < budget && tried < 20000; ++w)
      if (highlight.indexOf(w) < 0) { ++tried; label(w, false); }
    ctx.restore();
    // What the tests read (and a curious reader may): the view, how many
    // points fell inside the plot, and where the query was drawn.
    var data = document.body.dataset;
    data.view = mode3d ? '3d' : '2d';
    data.renderedPoints = rendered;
    if (highlight.length) data.queryScreen = screenX[highlight[0]].toFixed(1) + ',' + screenY[highlight[0]].toFixed(1);
  }
  function pick(px, py) {
    var best = -1, bestD = 64;  // within 8 pixels
    for (var i = 0; i < n; ++i) {
      var dx = screenX[i] - px, dy = screenY[i] - py, d = dx * dx + dy * dy;
      if (d < bestD) { bestD = d; best = i; }
    }
    return best;
  }
  function zoom(factor, px, py) {
    viewMoved = true;
    if (mode3d) {
      // Keep what is under the cursor where it is: the pan scales about it.
      var ox = margin.left + plotWidth() / 2, oy = margin.top + plotHeight() / 2;
      view3.panX = px - ox - (px - ox - view3.panX) * factor;
      view3.panY = py - oy - (py - oy - view3.panY) * factor;
      view3.scale *= factor;
    } else {
      var x = dataX(px), y = dataY(py);
      view.scale *= factor;
      // Keep the data point under the cursor where it is.
      view.cx = x - (px - margin.left - plotWidth() / 2) / view.scale;
      view.cy = y + (py - margin.top - plotHeight() / 2) / view.scale;
    }
    draw();
  }
  canvas.addEventListener('wheel', function (e) {
    e.preventDefault();
    var r = canvas.getBoundingClientRect();
    zoom(Math.pow(1.0015, -e.deltaY), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  var drag = null, moved = false;
  canvas.addEventListener('mousedown', function (e) { drag = { x: e.clientX, y: e.clientY }; moved = false; canvas.classList.add('dragging'); });
  window.addEventListener('mouseup', function () { drag = null; canvas.classList.remove('dragging'); });
  canvas.addEventListener('mousemove', function (e) {
    var r = canvas.getBoundingClientRect(), px = e.clientX - r.left, py = e.clientY - r.top;
    if (drag) {
      var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 2) moved = true;
      viewMoved = true;
      if (!mode3d) {
        view.cx -= dx / view.scale; view.cy += dy / view.scale;
      } else if (e.shiftKey) {
        view3.panX += dx; view3.panY += dy;
      } else {
        // Dragging across the plot's width turns the cloud by about 1.5 turns;
        // the pitch stops short of the poles, where "up" would flip.
        var speed = 3 * Math.PI / Math.max(plotWidth(), 100);
        view3.yaw += dx * speed;
        view3.pitch = Math.max(-1.5, Math.min(1.5, view3.pitch + dy * speed));
      }
      drag = { x: e.clientX, y: e.clientY };
      tooltip.hidden = true;
      draw();
      return;
    }
    var i = pick(px, py), m = methods[shown];
    if (i < 0) { tooltip.hidden = true; return; }
    tooltip.textContent = words[i] + '\n' + m.legend[m.colour[i]];
    tooltip.style.left = (px + 12) + 'px'; tooltip.style.top = (py + 12) + 'px';
    tooltip.hidden = false;
  });
  canvas.addEventListener('mouseleave', function () { tooltip.hidden = true; });
  canvas.addEventListener('click', function (e) {
    if (moved) return;
    var r = canvas.getBoundingClientRect(), i = pick(e.clientX - r.left, e.clientY - r.top);
    if (i >= 0) search(words[i], true);
  });
  canvas.addEventListener('dblclick', function () { fitView(false); draw(); });
  $('zoom-in').addEventListener('click', function () { zoom(1.5, width / 2, height / 2); });
  $('zoom-out').addEventListener('click', function () { zoom(1 / 1.5, width / 2, height / 2); });
  $('zoom-reset').addEventListener('click', function () { fitView(false); draw(); });
  var toggle = $('view-toggle');
  function showMode() {
    toggle.textContent = mode3d ? '2-D' : '3-D';
    toggle.title = mode3d ? 'show the 2-D map' : 'show the 3-D map (drag to rotate, shift-drag to pan)';
  }
  toggle.addEventListener('click', function () {
    mode3d = !mode3d;
    showMode(); showLegend(); draw();
  });
  window.addEventListener('resize', resize);

  function showLegend() {
    var m = methods[shown], counts = new Array(m.legend.length).fill(0), box = $('legend');
    for (var i = 0; i < n; ++i) ++counts[m.colour[i]];
    box.textContent = '';
    m.legend.forEach(function (name, c) {
      if (!counts[c]) return;
      var item = document.createElement('span'), swatch = document.createElement('span');
      swatch.className = 'swatch'; swatch.style.background = colour(c);
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(name + ' (' + counts[c] + ')'));
      box.appendChild(item);
    });
    var shares = (mode3d ? [0, 1, 2] : [0, 1]).map(function (a) {
      return 'PC' + (a + 1) + ' ' + (100 * m.explained[a]).toFixed(0) + '%';
    });
    $('axes-note').textContent = shares.join(', ') + ' of the variance' + (mode3d ? '; drag to rotate, shift-drag to pan' : '');
  }
  var select = $('map-method');
  methods.forEach(function (m, mi) {
    var option = document.createElement('option');
    option.value = mi; option.textContent = m.name;
    select.appendChild(option);
  });
  select.addEventListener('change', function () { shown = +select.value; fitView(true); showLegend(); draw(); });

  // ---- neighbour and analogy lists, one column per vector file ----
  function columns(box, results, query) {
    box.textContent = '';
    results.forEach(function (list, mi) {
      var col = document.createElement('div'), head = document.createElement('h3');
      col.className = 'method-list'; col.dataset.method = mi;
      head.textContent = methods[mi].name;
      col.appendChild(head);
      if (!list) {
        var p = document.createElement('p');
        p.className = 'missing'; p.textContent = 'not in this file: ' + query;
        col.appendChild(p);
      } else {
        var ol = document.createElement('ol');
        list.forEach(function (r) {
          var li = document.createElement('li'), w = document.createElement('span'), s = document.createElement('span');
          w.className = 'word'; w.textContent = words[r.id];
          s.className = 'score'; s.textContent = r.score.toFixed(3);
          li.appendChild(w); li.appendChild(s);
          li.dataset.id = r.id;
          li.addEventListener('click', function () { search(words[r.id], true); });
          ol.appendChild(li);
        });
        col.appendChild(ol);
      }
      box.appendChild(col);
    });
    // Words every file lists are bold: what the methods agree on.
    if (results.length > 1) {
      var lists = results.filter(Boolean).map(function (l) { return l.map(function (r) { return r.id; }); });
      box.querySelectorAll('li').forEach(function (li) {
        var id = +li.dataset.id;
        if (lists.length > 1 && lists.every(function (l) { return l.indexOf(id) >= 0; })) li.classList.add('shared');
      });
    }
  }
  var current = null;
  function search(word, updateHash) {
    var t0 = performance.now();
    $('query').value = word;
    var i = find(word), note = $('query-note');
    if (i < 0) {
      note.textContent = 'not among the ' + n + ' words of this page: ' + word;
      $('neighbours').textContent = ''; $('overlap').textContent = '';
      highlight = []; draw();
      return;
    }
    note.textContent = words[i] === word ? '' : 'showing ' + words[i] + ' for ' + word;
    current = words[i];
    var results = methods.map(function (m) { return m.present[i] ? nearest(m, row(m, i), [i], k) : null; });
    columns($('neighbours'), results, words[i]);
    // overlap@k: the share of one file's k neighbours that another also lists.
    var lines = [];
    for (var a = 0; a < methods.length; ++a)
      for (var b = a + 1; b < methods.length; ++b) {
        if (!results[a] || !results[b]) continue;
        var ids = results[b].map(function (r) { return r.id; }), common = 0;
        results[a].forEach(function (r) { if (ids.indexOf(r.id) >= 0) ++common; });
        lines.push('overlap@' + k + ' ' + methods[a].name + ' / ' + methods[b].name + ': ' +
                   (common / k).toFixed(2) + ' (' + common + ' of ' + k + ')');
      }
    $('overlap').textContent = lines.join('\n');
    var own = results[shown] || [];
    highlight = [i].concat(own.map(function (r) { return r.id; }));
    // Bring the query into view when it is outside.
    project();
    if (!inside(i)) {
      var xyz = methods[shown].xyz;
      viewMoved = true;
      if (mode3d) {
        view3.panX -= screenX[i] - margin.left - plotWidth() / 2;
        view3.panY -= screenY[i] - margin.top - plotHeight() / 2;
      } else {
        view.cx = xyz[3 * i]; view.cy = xyz[3 * i + 1];
      }
    }
    draw();
    if (updateHash) history.replaceState(null, '', '#query=' + encodeURIComponent(words[i]));
    document.body.dataset.queryMs = (performance.now() - t0).toFixed(1);
  }
  // 3CosAdd (Mikolov et al. 2013): the words nearest to a − b + c over unit
  // vectors, a, b and c themselves excluded.
  function analogy(a, b, c) {
    var ids = [find(a), find(b), find(c)], note = $('analogy-note'), given = [a, b, c];
    var unknown = given.filter(function (w, r) { return ids[r] < 0; });
    if (unknown.length) {
      note.textContent = 'not among the words of this page: ' + unknown.join(', ');
      $('analogy').textContent = '';
      return;
    }
    note.textContent = '';
    var results = methods.map(function (m) {
      if (!ids.every(function (i) { return m.present[i]; })) return null;
      var dim = m.dim, q = new Float64Array(dim), va = row(m, ids[0]), vb = row(m, ids[1]), vc = row(m, ids[2]);
      for (var j = 0; j < dim; ++j) q[j] = va[j] - vb[j] + vc[j];
      return nearest(m, q, ids, k);
    });
    columns($('analogy'), results, given.join(' − '));
  }

  $('search-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var w = $('query').value.trim();
    if (w) search(w, true);
  });
  $('analogy-form').addEventListener('submit', function (e) {
    e.preventDefault();
    analogy($('analogy-a').value.trim(), $('analogy-b').value.trim(), $('analogy-c').value.trim());
  });
  function fromHash() {
    var match = /(?:^#|&)query=([^&]*)/.exec(location.hash);
    if (!match) return;
    var word;
    try { word = decodeURIComponent(match[1].replace(/\+/g, ' ')); } catch (err) { word = match[1]; }
    if (word && word !== current) search(word, false);
  }
  window.addEventListener('hashchange', fromHash);

  $('title').textContent = meta.title;
  showMode();
  showLegend();
  resize();
  fromHash();
  var loaded = performance.now() - started;
  // Timings for the tests and docs/explore.md: the script's own work, and the
  // time since navigation started (parsing the page included).
  document.body.dataset.loadMs = loaded.toFixed(0);
  document.body.dataset.readyMs = performance.now().toFixed(0);
  if (performance.memory) document.body.dataset.jsHeapBytes = performance.memory.usedJSHeapSize;
  $('status').textContent = n + ' words × ' + methods.map(function (m) { return m.dim; }).join('/') + ' dimensions' +
      (methods.length > 1 ? ', ' + methods.length + ' vector files' : '') + '; ready in ' + loaded.toFixed(0) + ' ms';
  document.body.dataset.ready = '1';
})();
)JS";

}  // namespace embkit
