/* airspace map application: builds everything from one JSON model (airspace/maps/build.py).
 *
 * Safety: strings that reach innerHTML (names, tooltips, popups, legend, labels, panel cells)
 * were HTML-escaped in Python; raw texts (NOTAM, GeoJSON) only ever go to textContent, the
 * clipboard or a downloaded Blob.  Nothing here fetches a URL; the optional tile layers fetch
 * tiles only when the user picks them.
 */
window.airspace = window.airspace || {};
(function (A) {
  'use strict';

  var FADED = {opacity: 0.22, fillOpacity: 0.05, dashArray: '3 6'};

  function el(tag, cls, parent, html) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (html !== undefined) { e.innerHTML = html; }  // escaped in Python
    if (parent) { parent.appendChild(e); }
    return e;
  }

  function pad2(n) { return (n < 10 ? '0' : '') + n; }

  function isoMinute(ms) {
    var d = new Date(ms);
    return d.getUTCFullYear() + '-' + pad2(d.getUTCMonth() + 1) + '-' + pad2(d.getUTCDate())
      + ' ' + pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes());
  }

  /* "2022-11-02 01:58Z (10:58 KST)", as the popups write it (airspace.maps.text.when). */
  A.formatTime = function (ms, offsets) {
    var utc = isoMinute(ms);
    var entry = null;
    for (var i = 0; i < offsets.length; i++) { if (offsets[i][0] <= ms || i === 0) { entry = offsets[i]; } }
    if (!entry || (entry[1] === 0 && entry[2] === 'UTC')) { return utc + 'Z'; }
    var local = isoMinute(ms + entry[1] * 60000);
    var text = local.slice(0, 10) === utc.slice(0, 10) ? local.slice(11) : local;
    return utc + 'Z (' + text + ' ' + entry[2] + ')';
  };

  function activeAt(intervals, t) {
    for (var i = 0; i < intervals.length; i++) {
      var s = intervals[i][0], e = intervals[i][1];
      if ((s === null || s <= t) && (e === null || t < e)) { return true; }
    }
    return false;
  }

  function faded(style) {
    var out = {};
    for (var k in style) { out[k] = style[k]; }
    out.opacity = Math.min(style.opacity === undefined ? 1 : style.opacity, FADED.opacity);
    out.fillOpacity = Math.min(style.fillOpacity === undefined ? 0.2 : style.fillOpacity,
      FADED.fillOpacity);
    if (!style.dashArray) { out.dashArray = FADED.dashArray; }
    return out;
  }

  /* point in a GeoJSON (Multi)Polygon, [lon, lat] order */
  function inRing(ring, x, y) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }
  function inPolygon(geometry, x, y) {
    var polys = geometry.type === 'Polygon' ? [geometry.coordinates]
      : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
    for (var p = 0; p < polys.length; p++) {
      if (!inRing(polys[p][0], x, y)) { continue; }
      var hole = false;
      for (var h = 1; h < polys[p].length; h++) { if (inRing(polys[p][h], x, y)) { hole = true; } }
      if (!hole) { return true; }
    }
    return false;
  }

  /* popups fit the screen and open clear of the controls: the defaults of every popup
   * (Leaflet options inherit from the prototype), set again when the window changes */
  function popupDefaults(app) {
    var size = app.map.getSize(), pad = app.padding();
    var o = L.Popup.prototype.options;
    var left = pad.paddingTopLeft[0], right = pad.paddingBottomRight[0];
    o.maxWidth = Math.max(180, Math.min(520, size.x - left - right - 24));
    o.minWidth = Math.min(200, o.maxWidth);
    o.maxHeight = Math.max(140, Math.round((size.y - pad.paddingTopLeft[1] - pad.paddingBottomRight[1]) * 0.8));
    o.autoPanPaddingTopLeft = L.point(left, pad.paddingTopLeft[1]);
    o.autoPanPaddingBottomRight = L.point(right, pad.paddingBottomRight[1]);
  }
  function popupOptions() { return {}; }

  /* ---- layers ------------------------------------------------------------------------ */
  function makeLayer(app, spec) {
    var group = L.featureGroup();
    var pane = spec.pane;
    var timed = [];
    L.geoJSON(spec.fc, {
      pane: pane,
      style: function (f) { return f.properties._s; },
      pointToLayer: function (f, ll) { return L.circleMarker(ll, L.extend({pane: pane}, f.properties._s)); },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        if (p._u) {
          var casing = L.geoJSON(f, {pane: pane, interactive: false, style: function () { return p._u; }});
          casing.eachLayer(function (c) { group.addLayer(c); c._airspaceCasing = true; layer._airspaceCasingOf = c; });
        }
        if (p._t) { layer.bindTooltip(p._t, {sticky: true, className: 'airspace-tip'}); }
        if (p._p && pane !== 'zones') { layer.bindPopup(p._p, popupOptions()); }
        if (pane === 'zones') { layer.on('click', function (e) { app.openZones(e.latlng); }); }
        if (p._a || p._c) { timed.push(layer); }
        if (p._k) { (app.byKey[p._k] = app.byKey[p._k] || []).push(layer); }
        group.addLayer(layer);
      }
    });
    group.airspaceTimed = timed;
    group.airspaceId = spec.id;
    return group;
  }

  function setTimedStyle(layer, active) {
    var p = layer.feature.properties;
    layer.setStyle(active ? p._s : faded(p._s));
    if (layer._airspaceCasingOf) { layer._airspaceCasingOf.setStyle(active ? p._u : faded(p._u)); }
    layer.airspaceActive = active;
  }

  /* ---- labels: shown by priority, never overlapping ------------------------------------ */
  function Labels(app, items) {
    this.app = app;
    this.items = items.map(function (it) {
      var cls = 'airspace-label ' + it.c.split(' ').map(function (c) { return 'k-' + c; }).join(' ');
      var icon = L.divIcon({className: 'airspace-label-icon', iconSize: [0, 0], html: ''});
      var marker = L.marker(it.ll, {icon: icon, interactive: false, keyboard: false, pane: 'labels'});
      return {item: it, marker: marker, cls: cls, size: null, span: null};
    });
    this.group = L.layerGroup(this.items.map(function (x) { return x.marker; }));
  }
  Labels.prototype.span = function (x) {
    if (!x.span) {
      var icon = x.marker.getElement();
      if (!icon) { return null; }
      x.span = el('span', x.cls + ' hidden', icon, x.item.h);  // escaped in Python
    }
    return x.span;
  };
  Labels.prototype.update = function () {
    var map = this.app.map;
    if (!map.hasLayer(this.group)) { return; }
    var zoom = map.getZoom(), size = map.getSize(), kept = [];
    for (var i = 0; i < this.items.length; i++) {
      var x = this.items[i], it = x.item, span = this.span(x);
      if (!span) { continue; }
      var on = zoom >= it.z && (it.Z === undefined || zoom <= it.Z);
      if (on && it.l) { var layer = this.app.layers[it.l]; on = !!layer && map.hasLayer(layer); }
      var pt = on ? map.latLngToContainerPoint(it.ll) : null;
      if (on && (pt.x < 0 || pt.y < 0 || pt.x > size.x || pt.y > size.y)) { on = false; }
      if (on) {
        if (!x.size) {
          span.classList.remove('hidden');
          x.size = [span.offsetWidth, span.offsetHeight];
        }
        // a label beside its dot goes right of it, or left when the right is taken
        var side = it.c.indexOf('side') >= 0, w = x.size[0], h = x.size[1];
        var starts = side ? [pt.x + 6, pt.x - 6 - w] : [pt.x - w / 2], placed = -1;
        for (var c = 0; c < starts.length && placed < 0; c++) {
          var r = [starts[c] - 2, pt.y - h / 2 - 2, starts[c] + w + 2, pt.y + h / 2 + 2], free = true;
          for (var k = 0; k < kept.length && free; k++) {
            var q = kept[k];
            if (r[0] < q[2] && q[0] < r[2] && r[1] < q[3] && q[1] < r[3]) { free = false; }
          }
          if (free) { placed = c; kept.push(r); }
        }
        on = placed >= 0;
        span.classList.toggle('k-left', placed === 1);
      }
      span.classList.toggle('hidden', !on);
    }
  };

  /* ---- controls -------------------------------------------------------------------- */
  function control(map, position, build) {
    var c = L.control({position: position});
    c.onAdd = function () {
      var d = build();
      L.DomEvent.disableClickPropagation(d);
      L.DomEvent.disableScrollPropagation(d);
      return d;
    };
    c.addTo(map);
    return c;
  }

  function buttons(app) {
    var map = app.map;
    function button(bar, html, title, onClick) {
      var a = el('a', 'airspace-button', bar, html);
      a.href = '#'; a.title = title; a.setAttribute('role', 'button');
      a.setAttribute('aria-label', title);
      L.DomEvent.on(a, 'click', function (e) { L.DomEvent.preventDefault(e); onClick(a); });
      return a;
    }
    var measuring = false, pts = [], line = null, out = null;
    control(map, 'topleft', function () {
      var bar = el('div', 'leaflet-bar leaflet-control');
      button(bar, '<svg width="14" height="14" viewBox="0 0 14 14" style="margin-top:8px">'
        + '<path d="M1 5V1h4M9 1h4v4M13 9v4H9M5 13H1V9" fill="none" stroke="#333" stroke-width="2"/></svg>',
      'Full screen', function () {
        if (document.fullscreenElement) { document.exitFullscreen(); }
        else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
      });
      button(bar, '&#8614;', 'Measure distance (click again to stop)', function (a) {
        measuring = !measuring; pts = [];
        if (line) { map.removeLayer(line); line = null; }
        a.style.background = measuring ? '#ffe08a' : '';
        map.getContainer().style.cursor = measuring ? 'crosshair' : '';
        show();
      });
      return bar;
    });
    control(map, 'topleft', function () {
      out = el('div', 'airspace-box airspace-measure-out leaflet-control');
      out.style.display = 'none';
      return out;
    });
    function show() {
      var m = 0;
      for (var i = 1; i < pts.length; i++) { m += map.distance(pts[i - 1], pts[i]); }
      out.style.display = measuring ? '' : 'none';
      out.textContent = pts.length < 2 ? 'Click points to measure'
        : (m / 1852).toFixed(1) + ' NM | ' + (m / 1000).toFixed(1) + ' km';
    }
    map.on('click', function (e) {
      if (!measuring) { return; }
      pts.push(e.latlng);
      if (!line) { line = L.polyline(pts, {color: '#222', dashArray: '6 4', weight: 2, interactive: false}).addTo(map); }
      else { line.setLatLngs(pts); }
      show();
    });
    document.addEventListener('fullscreenchange', function () { map.invalidateSize(); });
    var pos = null;
    control(map, 'bottomright', function () {
      pos = el('div', 'airspace-box airspace-mouse leaflet-control');
      pos.textContent = 'lat/lon';
      return pos;
    });
    map.on('mousemove', function (e) {
      var lat = e.latlng.lat, lon = ((e.latlng.lng + 540) % 360) - 180;
      pos.textContent = Math.abs(lat).toFixed(4) + (lat >= 0 ? 'N ' : 'S ')
        + Math.abs(lon).toFixed(4) + (lon >= 0 ? 'E' : 'W');
    });
    A.measuring = function () { return measuring; };
  }

  /* ---- timeline ---------------------------------------------------------------------- */
  function Timeline(app, time) {
    var self = this;
    this.app = app; this.time = time; this.moments = time.moments; this.index = -1;
    this.t = null; this.timer = null;
    var bar = null;
    control(app.map, window.innerWidth <= 700 ? 'bottomright' : 'bottomleft', function () {
      bar = el('div', 'airspace-timebar leaflet-control');
      var row = el('div', 'buttons', bar);
      self.allButton = el('button', 'all', row, 'All times');
      self.allButton.title = 'Show every closure whatever its time';
      self.prev = el('button', 'prev', row, '&#9664;');
      self.prev.title = 'Previous event'; self.prev.setAttribute('aria-label', 'Previous event');
      self.play = el('button', 'play', row, '&#9654;');
      self.play.title = 'Play'; self.play.setAttribute('aria-label', 'Play');
      self.next = el('button', 'next', row, '&#9654;&#9654;');
      self.next.title = 'Next event'; self.next.setAttribute('aria-label', 'Next event');
      self.slider = el('input', '', row);
      self.slider.type = 'range'; self.slider.min = 0; self.slider.step = 1;
      self.slider.max = Math.max(0, self.moments.length - 1); self.slider.value = 0;
      self.slider.setAttribute('aria-label', 'Time (one step per event)');
      self.now = el('div', 'now', bar);
      self.what = el('div', 'what', bar);
      return bar;
    });
    this.bar = bar;
    this.allButton.addEventListener('click', function () { self.stop(); self.setAll(); });
    this.prev.addEventListener('click', function () { self.stop(); self.step(-1); });
    this.next.addEventListener('click', function () { self.stop(); self.step(1); });
    this.play.addEventListener('click', function () { if (self.timer) { self.stop(); } else { self.start(); } });
    this.slider.addEventListener('input', function () { self.stop(); self.go(Number(self.slider.value)); });
    if (!this.moments.length) { bar.style.display = 'none'; }
  }
  Timeline.prototype.fmt = function (ms) { return A.formatTime(ms, this.time.offsets); };
  Timeline.prototype.setAll = function () {
    this.index = -1; this.t = null;
    this.app.applyTime(null);
    this.allButton.setAttribute('aria-pressed', 'true');
    var m = this.moments;
    this.now.textContent = m.length ? 'All times: ' + this.fmt(m[0].t) + ' \u2013 ' + this.fmt(m[m.length - 1].t)
      : 'All times';
    this.what.textContent = 'Times in UTC; local time ' + this.time.zone.replace(/&amp;/g, '&');
    this.bar.dataset.time = 'all';
  };
  Timeline.prototype.go = function (i) {
    if (!this.moments.length) { return; }
    i = Math.max(0, Math.min(this.moments.length - 1, i));
    this.index = i; this.slider.value = i;
    this.setTime(this.moments[i].t, this.moments[i].what);
  };
  Timeline.prototype.setTime = function (t, what) {
    this.t = t;
    this.allButton.setAttribute('aria-pressed', 'false');
    var n = this.app.applyTime(t);
    this.now.textContent = this.fmt(t) + ': ' + n + ' of ' + this.app.model.closures.length + ' closures active';
    this.what.innerHTML = what || '';  // escaped in Python
    this.bar.dataset.time = String(t);
    this.bar.dataset.active = String(n);
  };
  Timeline.prototype.step = function (d) {
    if (this.index < 0) { this.go(d > 0 ? 0 : this.moments.length - 1); } else { this.go(this.index + d); }
  };
  Timeline.prototype.start = function () {
    var self = this;
    if (this.index >= this.moments.length - 1 || this.index < 0) { this.go(0); }
    this.play.innerHTML = '&#10074;&#10074;'; this.play.title = 'Pause'; this.play.setAttribute('aria-label', 'Pause');
    this.timer = setInterval(function () {
      if (self.index >= self.moments.length - 1) { self.stop(); } else { self.go(self.index + 1); }
    }, 1200);
  };
  Timeline.prototype.stop = function () {
    if (this.timer) { clearInterval(this.timer); this.timer = null; }
    this.play.innerHTML = '&#9654;'; this.play.title = 'Play'; this.play.setAttribute('aria-label', 'Play');
  };

  /* ---- side panel ------------------------------------------------------------------ */
  function copyText(textValue, button) {
    function done(ok) {
      var old = button.textContent; button.textContent = ok ? 'Copied' : 'Copy failed';
      setTimeout(function () { button.textContent = old; }, 1200);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(textValue).then(function () { done(true); }, function () { fallback(); });
    } else { fallback(); }
    function fallback() {
      var area = document.createElement('textarea');
      area.value = textValue; document.body.appendChild(area); area.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      document.body.removeChild(area); done(ok);
    }
  }
  function download(name, type, textValue) {
    var url = URL.createObjectURL(new Blob([textValue], {type: type}));
    var a = document.createElement('a');
    a.href = url; a.download = name; document.body.appendChild(a); a.click();
    setTimeout(function () { document.body.removeChild(a); URL.revokeObjectURL(url); }, 0);
  }
  function tool(parent, label, action) {
    var b = el('button', '', parent);
    b.textContent = label;
    b.addEventListener('click', function (e) { e.stopPropagation(); action(b); });
    return b;
  }
  function fixed(x, digits) {
    if (x === null || x === undefined) { return '\u2014'; }
    var s = Math.abs(x).toLocaleString('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits});
    return (x < 0 ? '\u2212' : '+') + s;
  }

  function Panel(app) {
    var model = app.model, self = this;
    this.app = app;
    var root = el('div', 'airspace-panel');
    root.setAttribute('role', 'complementary');
    this.root = root;
    var header = el('header', '', root);
    el('h1', '', header, model.name);
    el('div', 'summary', header, model.summary);
    var toggle = el('button', 'toggle', header);
    toggle.textContent = 'Details';
    toggle.setAttribute('aria-expanded', 'false');
    toggle.addEventListener('click', function () {
      var open = root.classList.toggle('open');
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      toggle.textContent = open ? 'Map' : 'Details';
    });
    this.toggle = toggle;
    this.closureRows = {};
    this.closures(el('section', 'closures', root));
    this.flows(el('section', 'flows', root));
    if (model.launches.length) { this.launches(el('section', 'launches', root)); }
    if (model.alerts.length) { this.alerts(el('section', 'alerts', root)); }
    var legend = el('section', 'legend', root);
    el('h2', '', legend, 'Legend');
    el('div', '', legend, model.legend);
    L.DomEvent.disableScrollPropagation(root);
    L.DomEvent.disableClickPropagation(root);
    app.map.getContainer().parentNode.appendChild(root);
    void self;
  }
  Panel.prototype.closeOnPhone = function () {
    if (this.root.classList.contains('open')) { this.toggle.click(); }
  };
  Panel.prototype.closures = function (sec) {
    var app = this.app, rows = app.model.closures, self = this;
    var h = el('h2', '', sec, 'Closures ');
    el('span', 'count', h).textContent = '(' + rows.length + ')';
    if (!rows.length) { el('div', 'sub', sec).textContent = 'None.'; return; }
    var tools = el('div', 'tools', sec);
    var notams = rows.filter(function (r) { return r.notam; }).map(function (r) { return r.notam; });
    if (notams.length) {
      tool(tools, 'Copy all NOTAMs', function (b) { copyText(notams.join('\n\n') + '\n', b); });
      tool(tools, 'Download NOTAMs', function () { download('notams.txt', 'text/plain', notams.join('\n\n') + '\n'); });
    }
    tool(tools, 'Download GeoJSON', function () {
      var fc = '{"type":"FeatureCollection","features":[' + rows.map(function (r) { return r.geojson; }).join(',') + ']}';
      download('closures.geojson', 'application/geo+json', fc);
    });
    rows.forEach(function (r) {
      var row = el('div', 'row closure', sec);
      row.dataset.key = r.key;
      var head = el('div', 'head', row);
      el('span', 'sw cls-' + r.cls, head);
      el('span', 'id', head, r.id);
      el('span', 'badge', head, r.route ? 'airway ' + r.route : r.kind);
      el('div', 'sub', row, r.levels + ' \u00b7 FIR ' + r.fir);
      el('div', 'sub', row, r.window);
      var t = el('div', 'tools', row);
      if (r.notam) {
        tool(t, 'Copy NOTAM', function (b) { copyText(r.notam + '\n', b); });
        tool(t, 'NOTAM .txt', function () { download(r.file + '.txt', 'text/plain', r.notam + '\n'); });
      }
      tool(t, 'GeoJSON', function () { download(r.file + '.geojson', 'application/geo+json', r.geojson); });
      row.addEventListener('click', function () { self.closeOnPhone(); app.showClosure(r); });
      self.closureRows[r.key] = row;
    });
  };
  Panel.prototype.flows = function (sec) {
    var app = this.app, rows = app.model.flows, self = this;
    var h = el('h2', '', sec, 'Flows ');
    el('span', 'count', h).textContent = '(' + rows.length + ')';
    if (!rows.length) { el('div', 'sub', sec).textContent = 'None in the scenario.'; return; }
    this.flowRows = {};
    rows.forEach(function (r) {
      var row = el('div', 'row flow', sec);
      row.dataset.key = r.key;
      var head = el('div', 'head', row);
      el('span', 'id', head, r.id);
      el('span', 'badge', head, r.ends);
      el('div', 'sub', row, r.per_day.toLocaleString('en-US') + ' flights/day, '
        + r.affected_per_day.toLocaleString('en-US') + ' affected'
        + (r.closures ? ' (' + r.closures + ')' : ''));
      if (r.best) {
        el('div', 'sub', row, 'Best reroute via ' + r.best
          + (r.alternatives > 1 ? ' (' + r.alternatives + ' reroutes drawn)' : ''));
        var table = el('table', 'cost', row);
        table.innerHTML = '<tr><th></th><th>NM</th><th>min</th><th>fuel kg</th><th>CO2 kg</th></tr>';
        [['per flight', ''], ['per day', '_day']].forEach(function (p) {
          var tr = el('tr', p[1] ? 'day' : 'flight', table);
          el('td', '', tr).textContent = p[0];
          el('td', 'nm', tr).textContent = fixed(r['extra_nm' + p[1]], 0);
          el('td', 'min', tr).textContent = fixed(r['extra_min' + p[1]], 1);
          el('td', 'fuel', tr).textContent = fixed(r['extra_fuel_kg' + p[1]], 0);
          el('td', 'co2', tr).textContent = fixed(r['extra_co2_kg' + p[1]], 0);
        });
      } else if (r.affected_per_day > 0) {
        el('div', 'sub', row).textContent = 'No reroute found.';
      } else {
        el('div', 'sub', row).textContent = 'Not affected.';
      }
      row.addEventListener('click', function () { self.closeOnPhone(); app.highlightFlow(r.key); });
      self.flowRows[r.key] = row;
    });
  };
  Panel.prototype.launches = function (sec) {
    var app = this.app;
    el('h2', '', sec, 'Launches');
    app.model.launches.forEach(function (r) {
      var row = el('div', 'row launch', sec);
      el('div', 'head', row, r.id + ' <span class="badge">' + r.vehicle + '</span>');
      el('div', 'sub', row, 'launch ' + r.launch);
      el('div', 'sub', row, 'impact ' + r.impact);
      row.addEventListener('click', function () { if (r.bounds) { app.fit(r.bounds, 8); } });
    });
  };
  Panel.prototype.alerts = function (sec) {
    var app = this.app;
    var h = el('h2', '', sec, 'Overflight alerts ');
    el('span', 'count', h).textContent = '(' + app.model.alerts.length + ')';
    app.model.alerts.forEach(function (r) {
      var row = el('div', 'row alert', sec);
      el('div', 'head', row, r.place + ' <span class="badge">' + r.launch + '</span>');
      el('div', 'sub', row, r.where + ', ' + r.height + ' up');
      el('div', 'sub', row, r.time);
      row.addEventListener('click', function () { app.fit([r.ll, r.ll], 8); });
    });
  };

  /* ---- the application ---------------------------------------------------------------- */
  A.app = function (map, model) {
    var app = {map: map, model: model, layers: {}, byKey: {}, highlighted: null};
    map.getContainer().classList.add('airspace-map');
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
    [['basemap', 200], ['zones', 450], ['highlight', 460], ['labels', 625]].forEach(function (p) {
      map.createPane(p[0]).style.zIndex = p[1];
    });
    map.getPane('labels').style.pointerEvents = 'none';
    app.panel = new Panel(app);
    map.invalidateSize();

    // basemap and online tiles
    var bm = model.basemap;
    var land = L.geoJSON(bm.land, {pane: 'basemap', interactive: false,
      style: {stroke: false, fillColor: '#ece8df', fillOpacity: 1}, attribution: bm.attribution});
    var coast = L.geoJSON(bm.coast, {pane: 'basemap', interactive: false,
      style: {color: '#7d93a6', weight: 1, opacity: 1, fill: false}});
    var borders = L.geoJSON(bm.borders, {pane: 'basemap', interactive: false,
      style: {color: '#8c7f6f', weight: 1, opacity: 0.9, dashArray: '4 3', fill: false}});
    var base = {};
    base['Natural Earth (offline)'] = L.layerGroup([land, borders, coast]).addTo(map);
    model.tiles.forEach(function (t) {
      base[t[0]] = L.tileLayer(t[1], {attribution: t[2], maxZoom: t[3], pane: 'basemap'});
    });

    var overlays = {};
    model.layers.forEach(function (spec) {
      var layer = makeLayer(app, spec);
      app.layers[spec.id] = layer;
      overlays[spec.name] = layer;
      if (spec.show) { layer.addTo(map); }
    });
    app.labels = new Labels(app, model.labels);
    overlays['Labels'] = app.labels.group;
    app.labels.group.addTo(map);
    app.highlight = L.layerGroup().addTo(map);
    L.control.layers(base, overlays, {position: 'topright', collapsed: true}).addTo(map);
    L.control.zoom({position: 'topleft'}).addTo(map);
    buttons(app);
    L.control.scale({position: 'bottomright', imperial: false}).addTo(map);
    app.timeline = new Timeline(app, model.time);

    var pending = null;
    function relabel() {
      if (pending) { return; }
      pending = requestAnimationFrame(function () { pending = null; app.labels.update(); });
    }
    map.on('zoomend moveend overlayadd overlayremove resize', relabel);

    app.closureActive = {};
    app.applyTime = function (t) {
      var n = 0;
      model.closures.forEach(function (r) {
        var on = t === null || activeAt(r.active, t);
        app.closureActive[r.key] = on;
        if (on && t !== null) { n += 1; }
        var row = app.panel.closureRows[r.key];
        if (row) { row.classList.toggle('inactive', !on); row.dataset.active = on ? 'true' : 'false'; }
      });
      Object.keys(app.layers).forEach(function (id) {
        app.layers[id].airspaceTimed.forEach(function (layer) {
          var p = layer.feature.properties, on = true;
          if (t !== null) {
            if (p._a) { on = activeAt(p._a, t); }
            else if (p._c) { on = p._c.some(function (k) { return app.closureActive[k]; }); }
          }
          setTimedStyle(layer, on);
        });
      });
      return n;
    };

    app.openZones = function (latlng) {
      if (A.measuring && A.measuring()) { return; }
      var x = latlng.lng, y = latlng.lat, parts = [];
      var zones = Object.keys(app.layers).filter(function (id) { return id.indexOf('closures-') === 0; });
      zones.forEach(function (id) {
        if (!map.hasLayer(app.layers[id])) { return; }
        app.layers[id].eachLayer(function (l) {
          var f = l.feature;
          if (f && f.properties._p && inPolygon(f.geometry, x, y)) { parts.push({p: f.properties._p, a: l.airspaceActive !== false}); }
        });
      });
      if (!parts.length) { return; }
      parts.sort(function (a, b) { return (b.a ? 1 : 0) - (a.a ? 1 : 0); });
      L.popup(popupOptions()).setLatLng(latlng)
        .setContent(parts.map(function (q) { return q.p; }).join('')).openOn(map);
    };

    app.fit = function (bounds, maxZoom) {
      map.fitBounds(bounds, L.extend(app.padding(), {maxZoom: maxZoom || 9, animate: false}));
    };
    app.showClosure = function (r) {
      Object.keys(app.panel.closureRows).forEach(function (k) { app.panel.closureRows[k].classList.toggle('selected', k === r.key); });
      if (r.bounds) { app.fit(r.bounds, 9); }
      var layers = app.byKey[r.key] || [];
      var zone = layers.filter(function (l) { return l.feature.geometry.type.indexOf('Polygon') >= 0; })[0];
      if (zone && r.bounds) {
        var g = zone.feature.geometry, c = zone.getBounds().getCenter();
        var pt = [c.lng, c.lat];
        if (!inPolygon(g, pt[0], pt[1])) {
          var ring = g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0];
          pt = ring[0];
          for (var i = 1; i < ring.length; i++) { if (inPolygon(g, (ring[0][0] + ring[i][0]) / 2, (ring[0][1] + ring[i][1]) / 2)) { pt = [(ring[0][0] + ring[i][0]) / 2, (ring[0][1] + ring[i][1]) / 2]; break; } }
        }
        app.openZones(L.latLng(pt[1], pt[0]));
      } else if (layers.length) {
        var first = layers[0];
        if (first.getPopup()) { first.openPopup(first.getBounds ? first.getBounds().getCenter() : undefined); }
      }
    };
    app.highlightFlow = function (key) {
      var again = app.highlighted === key;
      app.highlight.clearLayers();
      Object.keys(app.panel.flowRows || {}).forEach(function (k) { app.panel.flowRows[k].classList.toggle('selected', !again && k === key); });
      ['flows-baseline', 'flows-reroute', 'flows-alternative'].forEach(function (id) {
        var layer = app.layers[id];
        if (!layer) { return; }
        layer.eachLayer(function (l) {
          if (!l.feature) { return; }
          var p = l.feature.properties, mine = p._f && p._f.indexOf(key) >= 0;
          l.setStyle(again || mine ? p._s : {opacity: 0.15});
        });
      });
      if (again) { app.highlighted = null; return; }
      app.highlighted = key;
      var paths = L.geoJSON({type: 'FeatureCollection', features: model.flowPaths[key] || []}, {
        pane: 'highlight', style: function (f) { return f.properties._s; },
        onEachFeature: function (f, l) { if (f.properties._t) { l.bindTooltip(f.properties._t, {sticky: true}); } }
      });
      app.highlight.addLayer(paths);
      var b = paths.getBounds();
      if (b.isValid() && !map.getBounds().intersects(b)) { app.fit(b, 7); }
    };

    app.padding = function () {
      // keep what matters clear of the controls: a wide bar (time bar on a phone) pads its
      // edge, a narrow column pads its side
      var box = map.getContainer().getBoundingClientRect();
      var pad = {top: 8, bottom: 8, left: 8, right: 8};
      var controls = map.getContainer().querySelectorAll('.leaflet-control');
      for (var i = 0; i < controls.length; i++) {
        var r = controls[i].getBoundingClientRect();
        if (!r.width || !r.height) { continue; }
        var wide = r.width > 0.45 * box.width;
        if (wide) {
          if (r.top - box.top < box.height / 2) { pad.top = Math.max(pad.top, r.bottom - box.top + 8); }
          else { pad.bottom = Math.max(pad.bottom, box.bottom - r.top + 8); }
        } else if (r.left - box.left < box.width / 2) { pad.left = Math.max(pad.left, r.right - box.left + 8); }
        else { pad.right = Math.max(pad.right, box.right - r.left + 8); }
      }
      return {paddingTopLeft: [pad.left, pad.top], paddingBottomRight: [pad.right, pad.bottom]};
    };

    app.timeline.setAll();
    popupDefaults(app);
    map.on('resize', function () { popupDefaults(app); });
    map.fitBounds(model.view, L.extend(app.padding(), {animate: false}));
    app.labels.update();
    A.current = app;
    return app;
  };
})(window.airspace);
