"""JavaScript and CSS of the map: Leaflet inlined from ``xstatic-leaflet`` for offline maps, and
the project's own small helpers (layer factory, legend, time slider, offline controls).

Offline maps contain no URL that a browser would fetch: Leaflet's CSS images become data: URIs,
comments with links are dropped, and the SVG namespace string is split so that no ``http://``
text remains outside attribution text (the namespace is an identifier, never fetched).
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path
from typing import Final

import xstatic.pkg.leaflet as xleaflet

LEAFLET_VERSION: Final[str] = str(xleaflet.VERSION)

# Shared by online and offline maps: plain DOM APIs, strings only reach innerHTML after the
# Python side escaped them (_t tooltip, _p popup, legend HTML).
HELPERS_JS: Final = r"""
window.airspace = window.airspace || {};
airspace.layer = function (fc, attribution) {
  return L.geoJSON(fc, {
    attribution: attribution || undefined,
    style: function (f) { return f.properties._s; },
    pointToLayer: function (f, ll) { return L.circleMarker(ll, f.properties._s); },
    onEachFeature: function (f, layer) {
      if (f.properties._l) {
        layer.bindTooltip(f.properties._l, {permanent: true, direction: 'center',
          className: 'airspace-route-label'});
      } else if (f.properties._t) { layer.bindTooltip(f.properties._t, {sticky: true}); }
      if (f.properties._p) { layer.bindPopup(f.properties._p, {maxWidth: 520}); }
    }
  });
};
airspace.box = function (map, position, cls, html) {
  var c = L.control({position: position});
  c.onAdd = function () {
    var d = L.DomUtil.create('div', cls + ' leaflet-control');
    d.innerHTML = html;
    L.DomEvent.disableClickPropagation(d);
    L.DomEvent.disableScrollPropagation(d);
    return d;
  };
  c.addTo(map);
  return c;
};
airspace.fmt = function (ms, tz) {
  var d = new Date(ms);
  var utc = d.toISOString().slice(0, 16).replace('T', ' ') + 'Z';
  try {
    var local = new Intl.DateTimeFormat('en-GB', {timeZone: tz, hour: '2-digit',
      minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short'}).format(d);
    return utc + ' (' + local + ')';
  } catch (e) { return utc; }
};
airspace.timeSlider = function (map, layer, t0, t1, stepMs, tz) {
  var c = L.control({position: 'bottomleft'});
  c.onAdd = function () {
    var d = L.DomUtil.create('div', 'airspace-slider leaflet-control leaflet-bar');
    var head = L.DomUtil.create('label', '', d);
    var all = L.DomUtil.create('input', '', head);
    all.type = 'checkbox'; all.checked = true;
    head.appendChild(document.createTextNode(' all closures'));
    var input = L.DomUtil.create('input', '', d);
    input.type = 'range'; input.min = 0; input.step = 1;
    input.max = Math.max(1, Math.ceil((t1 - t0) / stepMs)); input.value = 0;
    var label = L.DomUtil.create('div', 'airspace-slider-label', d);
    d.dataset.t0 = String(t0); d.dataset.step = String(stepMs);
    function update() {
      var t = t0 + Number(input.value) * stepMs, n = 0;
      layer.eachLayer(function (l) {
        var p = l.feature.properties;
        var on = all.checked || (p._t0 <= t && t < p._t1);
        if (on && !all.checked) { n += 1; }
        l.setStyle(on ? p._s : {fillOpacity: 0.03, opacity: 0.25, dashArray: '4 4'});
      });
      d.dataset.active = all.checked ? 'all' : String(n);
      label.textContent = all.checked ? 'Slide to see which closures are active'
        : airspace.fmt(t, tz) + ': ' + n + ' active';
    }
    input.addEventListener('input', function () { all.checked = false; update(); });
    all.addEventListener('change', update);
    L.DomEvent.disableClickPropagation(d);
    update();
    return d;
  };
  c.addTo(map);
  return c;
};
"""

HELPERS_CSS: Final = """
.airspace-legend, .airspace-title, .airspace-slider, .airspace-mouse, .airspace-measure-out {
  background: rgba(255,255,255,0.92); padding: 6px 8px; border-radius: 4px;
  font: 12px/1.35 system-ui, sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,0.3);
}
.airspace-title { font-size: 14px; font-weight: 600; }
.airspace-legend .entry { display: flex; align-items: center; gap: 6px; margin: 2px 0; }
.airspace-legend .sw { width: 22px; height: 10px; flex: none; border: 1px solid #555; }
.airspace-legend .sw.line { height: 0; border-width: 2px 0 0 0; }
.airspace-legend .sw.dot { width: 10px; border-radius: 50%; }
.airspace-legend .ramp span { display: inline-block; width: 26px; height: 8px; }
.airspace-legend .ramp small { display: inline-block; width: 26px; font-size: 9px; }
.airspace-legend, .airspace-slider { box-sizing: border-box; width: 250px; }
.airspace-legend b { display: block; margin-bottom: 2px; }
.airspace-slider input[type=range] { width: 100%; }
.airspace-popup pre { white-space: pre-wrap; font-size: 11px; background: #f4f4f4; padding: 4px;
  max-height: 220px; overflow: auto; }
.airspace-popup table td { padding: 0 6px 0 0; vertical-align: top; }
.airspace-sea { background: #dbe9f4; }
.airspace-route-label { font-weight: 700; color: #b00020; padding: 1px 4px; }
"""

# Offline stand-ins for folium's Fullscreen, MeasureControl and MousePosition plugins, whose
# JavaScript ships in no Python package.
OFFLINE_CONTROLS_JS: Final = r"""
airspace.offlineControls = function (map) {
  var FULLSCREEN_SVG = '<svg width="14" height="14" viewBox="0 0 14 14" style="margin-top:8px">'
    + '<path d="M1 5V1h4M9 1h4v4M13 9v4H9M5 13H1V9" fill="none" stroke="#333" '
    + 'stroke-width="2"/></svg>';
  function button(text, title, onClick) {
    var c = L.control({position: 'topleft'});
    c.onAdd = function () {
      var bar = L.DomUtil.create('div', 'leaflet-bar leaflet-control');
      var a = L.DomUtil.create('a', 'airspace-button', bar);
      a.href = '#'; a.title = title; a.setAttribute('role', 'button'); a.innerHTML = text;
      L.DomEvent.on(a, 'click', function (e) { L.DomEvent.preventDefault(e);
        L.DomEvent.stopPropagation(e); onClick(a); });
      return bar;
    };
    c.addTo(map);
    return c;
  }
  button(FULLSCREEN_SVG, 'Full screen', function () {
    var el = map.getContainer();
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (el.requestFullscreen) { el.requestFullscreen(); }
  });
  document.addEventListener('fullscreenchange', function () { map.invalidateSize(); });
  var measuring = false, pts = [], line = null;
  var out = L.control({position: 'topleft'});
  out.onAdd = function () {
    var d = L.DomUtil.create('div', 'airspace-measure-out leaflet-control');
    d.style.display = 'none'; return d;
  };
  out.addTo(map);
  function show() {
    var m = 0;
    for (var i = 1; i < pts.length; i++) { m += map.distance(pts[i - 1], pts[i]); }
    var el = out.getContainer();
    el.style.display = measuring ? '' : 'none';
    el.textContent = pts.length < 2 ? 'Click points to measure'
      : (m / 1852).toFixed(1) + ' NM  |  ' + (m / 1000).toFixed(1) + ' km';
  }
  button('&#8614;', 'Measure distance (click again to stop)', function (a) {
    measuring = !measuring; pts = [];
    if (line) { map.removeLayer(line); line = null; }
    a.style.background = measuring ? '#ffe08a' : '';
    map.getContainer().style.cursor = measuring ? 'crosshair' : '';
    show();
  });
  map.on('click', function (e) {
    if (!measuring) { return; }
    pts.push(e.latlng);
    if (!line) { line = L.polyline(pts, {color: '#222', dashArray: '6 4', weight: 2})
      .addTo(map); } else { line.setLatLngs(pts); }
    show();
  });
  var pos = L.control({position: 'bottomright'});
  pos.onAdd = function () {
    var d = L.DomUtil.create('div', 'airspace-mouse leaflet-control');
    d.textContent = 'lat/lon'; return d;
  };
  pos.addTo(map);
  map.on('mousemove', function (e) {
    var lat = e.latlng.lat, lon = ((e.latlng.lng + 540) % 360) - 180;
    pos.getContainer().textContent = Math.abs(lat).toFixed(4) + (lat >= 0 ? 'N ' : 'S ')
      + Math.abs(lon).toFixed(4) + (lon >= 0 ? 'E' : 'W');
  });
};
"""


def _data_dir() -> Path:
    return Path(xleaflet.BASE_DIR)


@cache
def leaflet_js() -> str:
    """Leaflet's minified JavaScript, ready to inline (no source-map link, no fetchable URL)."""
    text = (_data_dir() / "leaflet.js").read_text(encoding="utf-8")
    text = re.sub(r"//# sourceMappingURL=\S+", "", text)
    text = text.replace(
        "interactive maps. https://leafletjs.com", "interactive maps. leafletjs.com"
    )
    text = text.replace('"http://www.w3.org/2000/svg"', '"http:/"+"/www.w3.org/2000/svg"')
    return text.replace("</script", "<\\/script")


@cache
def leaflet_css() -> str:
    """Leaflet's CSS with its images as data: URIs and comments dropped."""
    text = (_data_dir() / "leaflet.css").read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)

    def inline(match: re.Match[str]) -> str:
        data = (_data_dir() / match.group(1)).read_bytes()
        return "url(data:image/png;base64," + base64.b64encode(data).decode("ascii") + ")"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, text)
