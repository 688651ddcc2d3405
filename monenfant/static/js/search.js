/* Enhancements of the search page and the sheets; the pages work without them. */
(function () {
  "use strict";

  var TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  var ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">les contributeurs d\'OpenStreetMap</a>';

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function baseMap(element) {
    var map = L.map(element, { scrollWheelZoom: false });
    L.tileLayer(TILES, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map);
    return map;
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  // Results map: one clustered marker per result of the list; list and map stay in sync.
  function resultsMap() {
    var element = document.getElementById("search-map");
    var markers = readJson("search-markers");
    var center = readJson("search-center");
    if (!element || !markers || !window.L) return;
    var map = baseMap(element);
    var cluster = L.markerClusterGroup();
    var byId = {};
    markers.forEach(function (m) {
      var marker = L.marker([m.lat, m.lon], { title: m.name });
      marker.bindPopup(
        '<strong><a href="' + encodeURI(m.url) + '">' + escapeHtml(m.name) + "</a></strong><br>" +
        escapeHtml(m.kind) + " — à " + escapeHtml(m.distance) + "\u00a0km"
      );
      marker.on("click", function () {
        var item = document.getElementById(m.id);
        if (item) {
          highlight(m.id);
          item.scrollIntoView({ behavior: "smooth", block: "nearest" });
        }
      });
      byId[m.id] = marker;
      cluster.addLayer(marker);
    });
    map.addLayer(cluster);
    if (center) {
      L.circle([center.lat, center.lon], { radius: center.radius_km * 1000, weight: 1, fill: false }).addTo(map);
    }
    allResults(map, element.getAttribute("data-points-url"), byId);
    var bounds = cluster.getBounds();
    if (center) bounds.extend([center.lat, center.lon]);
    map.fitBounds(bounds.pad(0.1), { maxZoom: 15 });

    function highlight(id) {
      document.querySelectorAll(".monenfant-result--active").forEach(function (node) {
        node.classList.remove("monenfant-result--active");
      });
      var item = document.getElementById(id);
      if (item) item.classList.add("monenfant-result--active");
    }

    document.querySelectorAll(".monenfant-result").forEach(function (item) {
      function show() {
        var marker = byId[item.id];
        if (!marker) return;
        highlight(item.id);
        cluster.zoomToShowLayer(marker, function () { marker.openPopup(); });
      }
      item.addEventListener("mouseenter", show);
      item.addEventListener("focusin", show);
    });
  }

  // Every result of the circle, under the page's markers: small dots (or, beyond a few
  // thousand results, one counted circle per cell of a grid computed by the server). The
  // page's own results stay the highlighted markers, clickable and in sync with the list.
  function allResults(map, url, pageMarkers) {
    if (!url || !window.fetch) return;
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        var layer = L.layerGroup();
        data.points.forEach(function (p) {
          if (pageMarkers["result-" + p[0] + "-" + p[1]]) return;
          L.circleMarker([p[2], p[3]], {
            radius: 4, weight: 1, color: "#3a3a3a", fillColor: "#929292", fillOpacity: 0.7
          }).addTo(layer);
        });
        data.clusters.forEach(function (c) {
          var size = Math.min(48, 18 + 4 * Math.log(c[2]));
          L.marker([c[0], c[1]], {
            interactive: false,
            keyboard: false,
            icon: L.divIcon({
              className: "monenfant-map-cell",
              html: "<span>" + c[2] + "</span>",
              iconSize: [size, size]
            })
          }).addTo(layer);
        });
        layer.addTo(map);
        layer.eachLayer(function (l) { if (l.bringToBack) l.bringToBack(); });
      })
      .catch(function () { /* the page's results are already shown */ });
  }

  // Map of one sheet.
  function sheetMap() {
    var element = document.getElementById("sheet-map");
    var point = readJson("sheet-point");
    if (!element || !point || !window.L) return;
    var map = baseMap(element);
    if (point.exact) {
      L.marker([point.lat, point.lon], { title: point.name }).addTo(map);
      map.setView([point.lat, point.lon], 15);
    } else {
      // Only the commune is public: show an area, not a point.
      L.circle([point.lat, point.lon], { radius: 1000 }).addTo(map);
      map.setView([point.lat, point.lon], 13);
    }
  }

  // "Autour de moi": the browser's position fills the hidden lat/lon fields.
  function aroundMe() {
    var wrapper = document.getElementById("around-me-wrapper");
    var button = document.getElementById("around-me");
    var form = document.getElementById("search-form");
    if (!wrapper || !button || !form || !navigator.geolocation) return;
    var status = document.getElementById("around-me-status");
    wrapper.hidden = false;
    var commune = form.elements.commune;
    commune.addEventListener("input", function () {
      form.elements.lat.value = "";
      form.elements.lon.value = "";
    });
    button.addEventListener("click", function () {
      status.textContent = "Localisation en cours…";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          form.elements.lat.value = position.coords.latitude.toFixed(5);
          form.elements.lon.value = position.coords.longitude.toFixed(5);
          commune.value = "";
          form.submit();
        },
        function () {
          status.textContent = "Votre position n'a pas pu être déterminée\u00a0: saisissez votre commune.";
        },
        { timeout: 10000, maximumAge: 600000 }
      );
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    aroundMe();
    resultsMap();
    sheetMap();
  });
})();
